package dev.cfg.grpc.log;

class CallTotalsOnH2Test extends CallTotalsContract {

	@Override
	int defaultWriters() {
		return 1;
	}

	@Override
	String[] databaseProperties() {
		return new String[0];
	}

}
