package dev.cfg.grpc.log;

class RequestMinutesOnH2Test extends RequestMinutesContract {

	@Override
	String[] databaseProperties() {
		return new String[0];
	}

}
