package dev.cfg.grpc.config;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** H2 databases stay open until Spring closes them, after the server and the writer. */
class EmbeddedDatabaseShutdownTest {

	@Test
	void anH2UrlKeepsItsDatabaseOpenUntilTheApplicationCloses() {
		assertThat(processed("jdbc:h2:file:./data/demo")).isEqualTo("jdbc:h2:file:./data/demo;DB_CLOSE_ON_EXIT=FALSE");
		assertThat(processed("jdbc:h2:mem:x")).isEqualTo("jdbc:h2:mem:x;DB_CLOSE_ON_EXIT=FALSE");
	}

	@Test
	void otherUrlsAndAnExplicitChoiceAreLeftAsTheyAre() {
		assertThat(processed("jdbc:postgresql://127.0.0.1:5432/demo")).isEqualTo("jdbc:postgresql://127.0.0.1:5432/demo");
		assertThat(processed("jdbc:h2:mem:x;db_close_on_exit=true")).isEqualTo("jdbc:h2:mem:x;db_close_on_exit=true");
		// H2 refuses DB_CLOSE_ON_EXIT=FALSE beside AUTO_SERVER=TRUE.
		assertThat(processed("jdbc:h2:file:./data/demo;AUTO_SERVER=TRUE")).isEqualTo("jdbc:h2:file:./data/demo;AUTO_SERVER=TRUE");
		// A database reached over TCP is closed by the process that serves it.
		assertThat(processed("jdbc:h2:tcp://127.0.0.1:9092//tmp/demo")).isEqualTo("jdbc:h2:tcp://127.0.0.1:9092//tmp/demo");
		assertThat(processed(null)).isNull();
	}

	private static String processed(String url) {
		StandardEnvironment environment = new StandardEnvironment();
		if (url != null) {
			environment.getPropertySources().addLast(new MapPropertySource("test", Map.of("spring.datasource.url", url)));
		}
		new EmbeddedDatabaseShutdown().postProcessEnvironment(environment, new SpringApplication());
		return environment.getProperty("spring.datasource.url");
	}

}
