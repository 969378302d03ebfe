package dev.cfg.grpc.schema;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.ClassUtils;

/**
 * Tells, without starting Flyway, whether Flyway would find something to apply: whether the newest
 * versioned migration of cfg-grpc's set, or of the application's, is newer than what its history
 * table records. A command uses it to skip Flyway, whose start alone takes about a second, on a
 * database that is up to date, and to migrate one that is behind as the server would. When the
 * answer cannot be told this cheaply (locations other than {@code classpath:}, vendor folders,
 * repeatable or Java migrations, other schemas, another database than H2 or PostgreSQL), it says
 * there is something to apply, so Flyway itself decides.
 */
public final class PendingMigrations {

	private static final String APPLICATION_DEFAULT_LOCATION = "classpath:db/migration";

	private static final String APPLICATION_DEFAULT_TABLE = "flyway_schema_history";

	private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.+\\.sql");

	private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_]+");

	private PendingMigrations() {
	}

	/**
	 * Whether migrating would change the database.
	 * @param jdbc the application's database
	 * @param environment the application's settings ({@code spring.flyway.*})
	 * @param resources where to find migration files
	 * @return false only when both history tables record the newest migration of their set
	 */
	public static boolean any(JdbcTemplate jdbc, Environment environment, ResourcePatternResolver resources) {
		if (!ClassUtils.isPresent("org.flywaydb.core.Flyway", PendingMigrations.class.getClassLoader())
				|| !environment.getProperty("spring.flyway.enabled", Boolean.class, true)) {
			// The server does not migrate either.
			return false;
		}
		if (!isPlain(environment)) {
			return true;
		}
		List<String> applicationLocations = List
			.of(environment.getProperty("spring.flyway.locations", String[].class,
					new String[] { APPLICATION_DEFAULT_LOCATION }));
		String applicationTable = environment.getProperty("spring.flyway.table", APPLICATION_DEFAULT_TABLE);
		boolean cfgSchema = environment.getProperty("cfg.grpc.enabled", Boolean.class, true);
		return (cfgSchema && behind(jdbc, resources, CfgSchemaAutoConfiguration.locations(jdbc.getDataSource()),
				CfgSchemaAutoConfiguration.HISTORY_TABLE))
				|| behind(jdbc, resources, applicationLocations, applicationTable);
	}

	/** Settings that move migrations or history somewhere this class does not look. */
	private static boolean isPlain(Environment environment) {
		for (String setting : List.of("schemas", "default-schema", "sql-migration-prefix", "sql-migration-separator",
				"sql-migration-suffixes", "repeatable-sql-migration-prefix", "baseline-version", "target")) {
			if (environment.containsProperty("spring.flyway." + setting)) {
				return false;
			}
		}
		return true;
	}

	private static boolean behind(JdbcTemplate jdbc, ResourcePatternResolver resources, List<String> locations,
			String table) {
		if (!PLAIN_NAME.matcher(table).matches()) {
			return true;
		}
		Optional<List<BigInteger>> newest = newestFile(resources, locations);
		if (newest.isEmpty()) {
			return true;
		}
		if (newest.get().isEmpty()) {
			// No migrations in this set: nothing to apply, whatever the table says.
			return false;
		}
		List<String> applied;
		try {
			// Flyway creates its history table with quoted lower-case names, on H2 as on PostgreSQL.
			applied = jdbc.queryForList(
					"select \"version\" from \"" + table + "\" where \"success\" = true and \"version\" is not null",
					String.class);
		}
		catch (DataAccessException ex) {
			// No history table yet (a new database), or a database that names things otherwise.
			return true;
		}
		return applied.stream()
			.map(PendingMigrations::version)
			.max(PendingMigrations::compare)
			.map((recorded) -> compare(recorded, newest.get()) < 0)
			.orElse(true);
	}

	/**
	 * The newest version among the files of the locations: an empty version for no migrations at
	 * all, nothing when a file or location is of a kind this class does not judge.
	 */
	private static Optional<List<BigInteger>> newestFile(ResourcePatternResolver resources, List<String> locations) {
		List<BigInteger> newest = List.of();
		for (String location : locations) {
			if (!location.startsWith("classpath:") || location.contains("{") || location.contains("*")) {
				return Optional.empty();
			}
			Resource[] files;
			try {
				String folder = location.substring("classpath:".length()).replaceAll("^/+|/+$", "");
				files = resources.getResources("classpath*:" + folder + "/**/*");
			}
			catch (IOException ex) {
				return Optional.empty();
			}
			for (Resource file : files) {
				String name = file.getFilename();
				if (name == null || name.isEmpty() || name.endsWith("/") || !file.isReadable()) {
					continue;
				}
				Matcher versioned = VERSIONED.matcher(name);
				if (!versioned.matches()) {
					// Repeatable or Java migrations, callbacks, anything else: let Flyway judge.
					return Optional.empty();
				}
				List<BigInteger> version = version(versioned.group(1));
				if (compare(version, newest) > 0) {
					newest = version;
				}
			}
		}
		return Optional.of(newest);
	}

	private static List<BigInteger> version(String text) {
		String[] parts = text.split("[._]");
		BigInteger[] numbers = new BigInteger[parts.length];
		for (int i = 0; i < parts.length; i++) {
			numbers[i] = parts[i].chars().allMatch(Character::isDigit) ? new BigInteger(parts[i]) : BigInteger.ZERO;
		}
		// 1.0 and 1 are the same version to Flyway.
		int length = numbers.length;
		while (length > 1 && numbers[length - 1].signum() == 0) {
			length--;
		}
		return List.of(numbers).subList(0, length);
	}

	private static int compare(List<BigInteger> left, List<BigInteger> right) {
		for (int i = 0; i < Math.max(left.size(), right.size()); i++) {
			BigInteger a = (i < left.size()) ? left.get(i) : BigInteger.ZERO;
			BigInteger b = (i < right.size()) ? right.get(i) : BigInteger.ZERO;
			int order = a.compareTo(b);
			if (order != 0) {
				return order;
			}
		}
		return 0;
	}

}
