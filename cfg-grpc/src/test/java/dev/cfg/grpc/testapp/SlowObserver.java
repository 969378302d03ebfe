package dev.cfg.grpc.testapp;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import dev.cfg.grpc.pipeline.CallObserver;

/**
 * With {@code test.slow-observer=true}: an observer told of each call's end before the request
 * log's, which holds the thread for half a second, as a descheduled thread on a busy machine does
 * while the call's end is being observed.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("test.slow-observer")
public class SlowObserver {

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	CallObserver slowCallObserver() {
		return (call) -> {
			try {
				// Holds the call's thread, as a descheduled thread would: the delay is the point.
				Thread.sleep(500);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		};
	}

}
