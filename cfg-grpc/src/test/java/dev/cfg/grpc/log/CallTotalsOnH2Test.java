package dev.cfg.grpc.log;

class CallTotalsOnH2Test extends CallTotalsContract {

	@Override
	String[] databaseProperties() {
		return new String[0];
	}

}
