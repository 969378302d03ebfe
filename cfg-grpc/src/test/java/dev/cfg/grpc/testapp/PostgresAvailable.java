package dev.cfg.grpc.testapp;

import java.sql.DriverManager;
import java.sql.SQLException;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs PostgreSQL tests when the test database answers. With {@code CFG_GRPC_TEST_POSTGRES=required}
 * (set by .ci/run, which starts PostgreSQL) an unreachable database fails the tests instead of
 * skipping them, so CI cannot pass without them.
 */
public final class PostgresAvailable implements ExecutionCondition {

	public static final String URL = "jdbc:postgresql://127.0.0.1:5432/cfg_grpc_test";

	public static final String USER = "cfg_grpc";

	public static final String PASSWORD = "cfg_grpc";

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		if ("required".equals(System.getenv("CFG_GRPC_TEST_POSTGRES"))) {
			return ConditionEvaluationResult.enabled("PostgreSQL is required (CFG_GRPC_TEST_POSTGRES=required)");
		}
		try (var connection = DriverManager.getConnection(URL, USER, PASSWORD)) {
			return ConditionEvaluationResult.enabled("PostgreSQL answers at " + URL);
		}
		catch (SQLException ex) {
			return ConditionEvaluationResult.disabled("PostgreSQL does not answer at " + URL + " (" + ex.getMessage()
					+ "); .ci/run starts it and makes these tests required");
		}
	}

}
