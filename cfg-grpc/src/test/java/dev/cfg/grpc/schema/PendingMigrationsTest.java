package dev.cfg.grpc.schema;

import java.nio.file.Files;
import java.nio.file.Path;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whether a command must start Flyway, told from the files and the history tables, checked against
 * what Flyway itself then does on a real H2 database.
 */
class PendingMigrationsTest {

	@Test
	void aNewDatabaseIsBehindAndAMigratedOneIsNotUntilANewFileComes(@TempDir Path dir) throws Exception {
		Path migrations = Files.createDirectories(dir.resolve("classes/db/app"));
		Files.writeString(migrations.resolve("V1__notes.sql"), "CREATE TABLE note (id INT PRIMARY KEY);");
		Files.writeString(migrations.resolve("V1_1__note_text.sql"), "ALTER TABLE note ADD COLUMN text VARCHAR(10);");
		DriverManagerDataSource database = new DriverManagerDataSource("jdbc:h2:file:" + dir.resolve("db"), "sa", "");
		JdbcTemplate jdbc = new JdbcTemplate(database);
		MockEnvironment environment = new MockEnvironment().withProperty("spring.flyway.locations", "classpath:db/app");
		PathMatchingResourcePatternResolver resources = resources(dir.resolve("classes"));

		assertThat(PendingMigrations.any(jdbc, environment, resources)).as("a new database").isTrue();
		migrate(database, resources);
		assertThat(PendingMigrations.any(jdbc, environment, resources)).as("just migrated").isFalse();

		Files.writeString(migrations.resolve("V1_10__note_size.sql"), "ALTER TABLE note ADD COLUMN size INT;");
		assertThat(PendingMigrations.any(jdbc, environment, resources)).as("1.10 is newer than 1.1").isTrue();
		migrate(database, resources);
		assertThat(PendingMigrations.any(jdbc, environment, resources)).isFalse();

		assertThat(PendingMigrations.any(jdbc, environment.withProperty("spring.flyway.enabled", "false"), resources))
			.as("Flyway turned off: the server does not migrate either")
			.isFalse();
	}

	@Test
	void whatItCannotJudgeItLeavesToFlyway(@TempDir Path dir) throws Exception {
		Path migrations = Files.createDirectories(dir.resolve("classes/db/app"));
		Files.writeString(migrations.resolve("V1__notes.sql"), "CREATE TABLE note (id INT PRIMARY KEY);");
		DriverManagerDataSource database = new DriverManagerDataSource("jdbc:h2:file:" + dir.resolve("db"), "sa", "");
		JdbcTemplate jdbc = new JdbcTemplate(database);
		PathMatchingResourcePatternResolver resources = resources(dir.resolve("classes"));
		migrate(database, resources);
		MockEnvironment plain = new MockEnvironment().withProperty("spring.flyway.locations", "classpath:db/app");
		assertThat(PendingMigrations.any(jdbc, plain, resources)).isFalse();

		assertThat(PendingMigrations.any(jdbc,
				new MockEnvironment().withProperty("spring.flyway.locations", "filesystem:" + migrations), resources))
			.isTrue();
		assertThat(PendingMigrations.any(jdbc,
				new MockEnvironment().withProperty("spring.flyway.locations", "classpath:db/{vendor}"), resources))
			.isTrue();
		assertThat(PendingMigrations.any(jdbc, plain.withProperty("spring.flyway.default-schema", "other"), resources))
			.isTrue();
		Files.writeString(migrations.resolve("R__view.sql"), "CREATE OR REPLACE VIEW notes AS SELECT * FROM note;");
		assertThat(PendingMigrations.any(jdbc,
				new MockEnvironment().withProperty("spring.flyway.locations", "classpath:db/app"), resources))
			.as("a repeatable migration")
			.isTrue();
	}

	private static PathMatchingResourcePatternResolver resources(Path classes) throws Exception {
		java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] { classes.toUri().toURL() },
				PendingMigrationsTest.class.getClassLoader());
		return new PathMatchingResourcePatternResolver(new DefaultResourceLoader(loader));
	}

	/** What the server does: cfg-grpc's tables, then the application's. */
	private static void migrate(DriverManagerDataSource database, PathMatchingResourcePatternResolver resources) {
		Flyway application = Flyway.configure(resources.getClassLoader())
			.dataSource(database)
			.locations("classpath:db/app")
			.load();
		CfgSchemaAutoConfiguration.migrateCfgSchema(application);
		CfgSchemaAutoConfiguration.applicationFlyway(application).migrate();
	}

}
