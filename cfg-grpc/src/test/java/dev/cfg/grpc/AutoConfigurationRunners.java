package dev.cfg.grpc;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.AbstractApplicationContextRunner;
import org.springframework.util.ClassUtils;

/**
 * What the auto-configuration tests share: Boot's data auto-configurations (named, since their
 * modules move between Boot versions) and the two properties every database context needs. The
 * contexts these tests start open no port.
 */
public final class AutoConfigurationRunners {

	/** Boot's own data auto-configurations that cfg-grpc's build on, in the order Boot applies them. */
	public static final List<String> DATA = List.of(
			"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
			"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
			"org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
			"org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
			"org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
			"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration");

	/** A signing key long enough for HS256. */
	public static final String SECRET = "cfg.secret-key=auto-configuration-tests-secret-of-32-bytes-or-more";

	private AutoConfigurationRunners() {
	}

	/**
	 * A runner with an in-memory H2 database of its own, a JDBC template, transactions, Flyway and,
	 * when asked, JPA (Hibernate's start is most of such a context's time).
	 * @param runner the runner to extend
	 * @param database the database's name, unique to the test class
	 * @param jpa whether Hibernate joins
	 * @return the runner with the database
	 */
	public static <R extends AbstractApplicationContextRunner<R, ?, ?>> R withH2(R runner, String database,
			boolean jpa) {
		List<Class<?>> configurations = new ArrayList<>();
		for (String name : DATA) {
			if (jpa || !name.contains("hibernate")) {
				configurations.add(type(name));
			}
		}
		return runner.withConfiguration(AutoConfigurations.of(configurations.toArray(Class<?>[]::new)))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1", SECRET);
	}

	/**
	 * One of Boot's classes by name.
	 * @param name the class's fully qualified name
	 * @return the class
	 */
	public static Class<?> type(String name) {
		return ClassUtils.resolveClassName(name, AutoConfigurationRunners.class.getClassLoader());
	}

}
