package dev.cfg.grpc.test;

import java.time.Instant;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.test.context.junit.jupiter.SpringExtension;

/** Marks when each test method starts, so its log assertions see only its own calls. */
final class CfgGrpcTestExtension implements BeforeEachCallback {

	@Override
	public void beforeEach(ExtensionContext context) {
		SpringExtension.getApplicationContext(context)
			.getBean(RequestLogAssertions.class)
			.startFrom(Instant.now().minusMillis(1));
	}

}
