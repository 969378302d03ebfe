package dev.cfg.grpc.log;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestLogOnH2Test extends RequestLogContract {

	@Override
	String[] databaseProperties() {
		return new String[0];
	}

	@Test
	void theWriterInserts() {
		assertThat(this.server.context().getBean(RequestLogWriter.class).writesByCopy()).isFalse();
	}

}
