package dev.cfg.grpc.schema;

import org.flywaydb.core.Flyway;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;

import dev.cfg.grpc.config.ConditionalOnCfgGrpcEnabled;

/**
 * cfg-grpc's own tables ({@code cfg_*}), migrated by Flyway from {@code classpath:db/cfg-grpc}
 * with a history table of their own ({@code cfg_schema_history}), so their versions never clash
 * with the application's migrations. They run first, so the application's migrations may refer
 * to them (for example a foreign key to {@code cfg_user}). An application that declares its own
 * {@link FlywayMigrationStrategy} must call {@link #migrateCfgSchema(Flyway)} itself. It goes
 * off with the rest of cfg-grpc ({@code cfg.grpc.enabled=false}).
 */
@AutoConfiguration(before = FlywayAutoConfiguration.class)
@ConditionalOnClass(Flyway.class)
@ConditionalOnCfgGrpcEnabled
public final class CfgSchemaAutoConfiguration {

	/** Where cfg-grpc's migrations live. */
	public static final String LOCATION = "classpath:db/cfg-grpc";

	/**
	 * Migrations that only PostgreSQL gets (the request log's partitions), numbered after the common
	 * ones. Not below {@link #LOCATION}: Flyway finds a location's subfolders, and in a jar every
	 * entry whose name starts with it.
	 */
	public static final String POSTGRESQL_LOCATION = "classpath:db/postgresql/cfg-grpc";

	/** Migrations that only H2 gets (the request log's indexes it does without). */
	public static final String H2_LOCATION = "classpath:db/h2/cfg-grpc";

	/** cfg-grpc's Flyway history table. */
	public static final String HISTORY_TABLE = "cfg_schema_history";

	@Bean
	@ConditionalOnMissingBean
	FlywayMigrationStrategy cfgGrpcMigrationStrategy() {
		return (flyway) -> {
			migrateCfgSchema(flyway);
			applicationFlyway(flyway).migrate();
		};
	}

	/**
	 * The application's Flyway, made to accept a schema that holds only cfg-grpc's tables so far:
	 * with no history table of its own yet, it starts below its version 1 instead of refusing a
	 * non-empty schema. A baseline the application configured itself is kept.
	 * @param application the application's Flyway
	 * @return the Flyway to migrate the application's schema with
	 */
	static Flyway applicationFlyway(Flyway application) {
		if (application.getConfiguration().isBaselineOnMigrate()) {
			return application;
		}
		return Flyway.configure(application.getConfiguration().getClassLoader())
			.configuration(application.getConfiguration())
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load();
	}

	/**
	 * Where cfg-grpc's migrations for a database are: the common ones, and PostgreSQL's or H2's own.
	 * Versions are shared: a version one database does not get is never reused by the other.
	 * @param dataSource the database
	 * @return the Flyway locations
	 */
	public static java.util.List<String> locations(javax.sql.DataSource dataSource) {
		try (java.sql.Connection connection = dataSource.getConnection()) {
			String product = connection.getMetaData().getDatabaseProductName();
			if ("PostgreSQL".equalsIgnoreCase(product)) {
				return java.util.List.of(LOCATION, POSTGRESQL_LOCATION);
			}
			return "H2".equalsIgnoreCase(product) ? java.util.List.of(LOCATION, H2_LOCATION) : java.util.List.of(LOCATION);
		}
		catch (java.sql.SQLException ex) {
			// Flyway will meet the same failure and report it.
			return java.util.List.of(LOCATION);
		}
	}

	/**
	 * Brings cfg-grpc's tables up to date in the application's database.
	 * @param application the application's Flyway, whose data source and class loader are used
	 */
	public static void migrateCfgSchema(Flyway application) {
		Flyway.configure(application.getConfiguration().getClassLoader())
			.dataSource(application.getConfiguration().getDataSource())
			.locations(locations(application.getConfiguration().getDataSource()).toArray(String[]::new))
			.table(HISTORY_TABLE)
			// The application's tables may exist already: start cfg-grpc's history below version 1.
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
	}

}
