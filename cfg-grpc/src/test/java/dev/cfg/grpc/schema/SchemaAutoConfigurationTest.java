package dev.cfg.grpc.schema;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.cfg.grpc.AutoConfigurationRunners;
import dev.cfg.grpc.config.CfgGrpcConfigAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * cfg-grpc's tables: migrated with their own history before the application's Flyway runs, not at
 * all when cfg-grpc is off, Flyway is absent or the application migrates its own way.
 */
class SchemaAutoConfigurationTest {

	private final ApplicationContextRunner runner = AutoConfigurationRunners
		.withH2(new ApplicationContextRunner(), "schema-autoconfiguration", false)
		.withConfiguration(AutoConfigurations.of(CfgGrpcConfigAutoConfiguration.class, CfgSchemaAutoConfiguration.class));

	@Test
	void migratesCfgGrpcsTablesWithTheirOwnHistory() {
		this.runner.run((context) -> {
			assertThat(context).hasBean("cfgGrpcMigrationStrategy");
			assertThat(tables(context.getBean(JdbcTemplate.class))).contains("CFG_SCHEMA_HISTORY", "CFG_GRPC_REQUEST_LOG");
		});
	}

	@Test
	void offWithCfgGrpc() {
		this.runner.withPropertyValues("cfg.grpc.enabled=false", "spring.datasource.url=jdbc:h2:mem:schema-off")
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean("cfgGrpcMigrationStrategy");
				assertThat(tables(context.getBean(JdbcTemplate.class))).doesNotContain("CFG_GRPC_REQUEST_LOG");
			});
	}

	@Test
	void anApplicationsOwnStrategyWins() {
		FlywayMigrationStrategy own = (flyway) -> {
		};
		this.runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:schema-own")
			.withBean(FlywayMigrationStrategy.class, () -> own)
			.run((context) -> {
				assertThat(context.getBean(FlywayMigrationStrategy.class)).isSameAs(own);
				assertThat(tables(context.getBean(JdbcTemplate.class))).doesNotContain("CFG_GRPC_REQUEST_LOG");
			});
	}

	@Test
	void needsFlyway() {
		new ApplicationContextRunner().withClassLoader(new FilteredClassLoader(Flyway.class))
			.withConfiguration(AutoConfigurations.of(CfgGrpcConfigAutoConfiguration.class, CfgSchemaAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("cfgGrpcMigrationStrategy"));
	}

	private static java.util.List<String> tables(JdbcTemplate jdbc) {
		return jdbc.queryForList("SELECT UPPER(table_name) FROM information_schema.tables WHERE table_schema = 'PUBLIC'",
				String.class);
	}

}
