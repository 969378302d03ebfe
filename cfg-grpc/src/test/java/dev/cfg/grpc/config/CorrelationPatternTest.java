package dev.cfg.grpc.config;

import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The correlation part of each log line that cfg-grpc gives Logback by default: the call's trace
 * and span ids when the line was logged inside one, nothing at all otherwise.
 */
class CorrelationPatternTest {

	@Test
	void aLineInsideACallShowsItsIdsAndOneOutsideShowsNothing() {
		LoggerContext context = new LoggerContext();
		PatternLayout layout = new PatternLayout();
		layout.setContext(context);
		layout.setPattern(SettingsBridge.CORRELATION_PATTERN + "%msg");
		layout.start();
		Logger logger = context.getLogger("test");
		LoggingEvent inside = new LoggingEvent(Logger.class.getName(), logger, Level.INFO, "served", null, null);
		inside.setMDCPropertyMap(Map.of("traceId", "4bf92f3577b34da6a3ce929d0e0e4736", "spanId", "00f067aa0ba902b7"));
		LoggingEvent outside = new LoggingEvent(Logger.class.getName(), logger, Level.INFO, "started", null, null);
		outside.setMDCPropertyMap(Map.of());
		assertThat(layout.doLayout(inside)).isEqualTo("[4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7] served");
		assertThat(layout.doLayout(outside)).isEqualTo("started");
	}

}
