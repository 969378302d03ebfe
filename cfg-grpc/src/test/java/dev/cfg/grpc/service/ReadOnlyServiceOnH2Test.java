package dev.cfg.grpc.service;

class ReadOnlyServiceOnH2Test extends ReadOnlyServiceContract {

	@Override
	String[] databaseProperties() {
		return new String[0];
	}

}
