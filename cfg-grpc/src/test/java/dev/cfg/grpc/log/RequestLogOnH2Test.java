package dev.cfg.grpc.log;

class RequestLogOnH2Test extends RequestLogContract {

	@Override
	String[] databaseProperties() {
		return new String[0];
	}

}
