package dev.cfg.grpc.config;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cfg.grpc.testapp.RunningServer;

import static org.assertj.core.api.Assertions.assertThat;

class UnknownKeysTest {

	private final UnknownKeys keys = new UnknownKeys(UnknownKeys.knownKeys(getClass().getClassLoader()));

	@Test
	void everySettingIsKnownInEveryFormSpringBinds() {
		assertThat(this.keys.isKnown("cfg.grpc.server.max-workers")).isTrue();
		assertThat(this.keys.isKnown("cfg.grpc.server.maxWorkers")).isTrue();
		assertThat(this.keys.isKnown("cfg.grpc.server.max_workers")).isTrue();
		assertThat(this.keys.isKnown("cfg.grpc.auth.public-methods[0]")).isTrue();
		assertThat(this.keys.isKnown("cfg.grpc.enabled")).isTrue();
		assertThat(this.keys.isKnown("cfg.grpc.server.max-worker")).isFalse();
		assertThat(this.keys.isKnown("cfg.grpc.serve.port")).isFalse();
	}

	@Test
	void aTypoGetsTheNearestKeyAndNonsenseGetsNone() {
		assertThat(this.keys.nearest("cfg.grpc.server.max-worker")).isEqualTo("cfg.grpc.server.max-workers");
		assertThat(this.keys.nearest("cfg.grpc.serve.port")).isEqualTo("cfg.grpc.server.port");
		assertThat(this.keys.nearest("cfg.grpc.logging.retension")).isEqualTo("cfg.grpc.logging.retention");
		assertThat(this.keys.nearest("cfg.grpc.quantum-flux-capacitor")).isNull();
	}

	@Test
	void aMisspelledKeyStopsStartupWithOneLine() {
		assertThat(RunningServer.startupFailure("cfg.grpc.server.max-worker=5")).isEqualTo(
				"Unknown setting cfg.grpc.server.max-worker (from commandLineArgs): did you mean cfg.grpc.server.max-workers?");
	}

	@Test
	void aBadUnitNamesTheKey() {
		assertThat(RunningServer.startupFailure("cfg.grpc.logging.retention=7 days"))
			.isEqualTo("Invalid value for cfg.grpc.logging.retention: '7 days'. Allowed: a duration such as 500ms, 30s, "
					+ "5m, 2h or 1d.");
	}

	@Test
	void theListOfKnownKeysComesFromTheMetadata() {
		List<String> known = UnknownKeys.knownKeys(getClass().getClassLoader());
		assertThat(known).contains("cfg.grpc.server.port", "cfg.grpc.admin.path", "cfg.grpc.fleet.stale-after")
			.allSatisfy((key) -> assertThat(key).startsWith("cfg.grpc."));
	}

}
