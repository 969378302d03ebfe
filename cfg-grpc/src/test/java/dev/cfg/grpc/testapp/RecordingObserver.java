package dev.cfg.grpc.testapp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.cfg.grpc.pipeline.CallCompleted;
import dev.cfg.grpc.pipeline.CallObserver;

/** With {@code test.recording-observer=true}: an application's own observer that keeps every finished call it is handed. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("test.recording-observer")
public class RecordingObserver {

	/** What the observer was handed, in order. */
	public static final class Seen {

		private final List<CallCompleted> calls = new CopyOnWriteArrayList<>();

		public List<CallCompleted> calls() {
			return this.calls;
		}

	}

	@Bean
	Seen seenCalls() {
		return new Seen();
	}

	@Bean
	CallObserver recordingCallObserver(Seen seen) {
		return (call) -> seen.calls.add(call);
	}

}
