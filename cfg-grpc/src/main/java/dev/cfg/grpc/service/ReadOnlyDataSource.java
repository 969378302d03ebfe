package dev.cfg.grpc.service;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A data source that refuses write statements while a {@link ReadOnlyService} call runs on the
 * current thread, with SQLSTATE 25006 as PostgreSQL does for a read-only transaction. H2 has no
 * read-only transactions, so this is what makes {@link ReadOnlyService} hold on every database.
 * Outside such calls it adds one context lookup per statement.
 */
final class ReadOnlyDataSource extends DelegatingDataSource implements AutoCloseable {

	private static final Pattern WRITE = Pattern.compile(
			"^\\s*(?:/\\*.*?\\*/\\s*)*(insert|update|delete|merge|upsert|replace|create|alter|drop|truncate|grant|revoke|comment|copy|lock)\\b",
			Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

	private static final Set<String> SQL_METHODS = Set.of("prepareStatement", "prepareCall", "execute",
			"executeUpdate", "executeLargeUpdate", "executeQuery", "addBatch");

	ReadOnlyDataSource(DataSource target) {
		super(target);
	}

	/** Closes the wrapped pool, as Spring would have closed it unwrapped. */
	@Override
	public void close() throws Exception {
		if (getTargetDataSource() instanceof AutoCloseable closeable) {
			closeable.close();
		}
	}

	@Override
	public Connection getConnection() throws SQLException {
		return guarded(super.getConnection(), Connection.class);
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return guarded(super.getConnection(username, password), Connection.class);
	}

	private static <T> T guarded(T target, Class<T> type) {
		InvocationHandler handler = (proxy, method, args) -> {
			if (args != null && args.length > 0 && args[0] instanceof String sql && SQL_METHODS.contains(method.getName())) {
				refuseWrites(sql);
			}
			Object result;
			try {
				result = method.invoke(target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getTargetException();
			}
			if (method.getName().equals("createStatement") && result instanceof Statement statement) {
				return guarded(statement, Statement.class);
			}
			if (method.getName().equals("unwrap") && args != null && args[0] == Connection.class) {
				return proxy;
			}
			return result;
		};
		return type.cast(Proxy.newProxyInstance(ReadOnlyDataSource.class.getClassLoader(), new Class<?>[] { type },
				handler));
	}

	static void refuseWrites(String sql) throws SQLException {
		if (ReadOnlyCalls.active() && WRITE.matcher(sql).find()) {
			throw new SQLException(ReadOnlyService.READ_ONLY_MESSAGE + ": "
					+ sql.strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT) + " refused", ReadOnlyCalls.READ_ONLY_SQL_STATE);
		}
	}

}
