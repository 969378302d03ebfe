package dev.cfg.grpc.users;

class UserStoreOnH2Test extends UserStoreContract {

	@Override
	String[] databaseProperties() {
		return new String[] { "spring.datasource.url=jdbc:h2:mem:user-store;DB_CLOSE_DELAY=-1" };
	}

}
