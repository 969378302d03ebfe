package dev.cfg.grpc.fleet;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.cfg.grpc.pipeline.ServerInstance;

/**
 * The one door to {@code cfg_grpc_server_instance}: which server instances ran on this database,
 * and where each stands. Rows are written by the instances themselves; nothing here changes them.
 */
public final class ServerInstances {

	private static final String COLUMNS = "id, host, pid, grpc_port, version, state, started_at, heartbeat_at, stopped_at";

	/** The most rows {@link #list()} returns, newest first. */
	public static final int LIST_LIMIT = 200;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	ServerInstances(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * The instances that ran on this database, newest first.
	 * @return at most {@value #LIST_LIMIT} rows
	 */
	public List<InstanceRecord> list() {
		return this.jdbc.query("SELECT " + COLUMNS + " FROM cfg_grpc_server_instance ORDER BY started_at DESC "
				+ "FETCH FIRST " + LIST_LIMIT + " ROWS ONLY", (row, i) -> record(row));
	}

	/**
	 * One instance.
	 * @param id its id
	 * @return its row, or empty
	 */
	public Optional<InstanceRecord> get(String id) {
		return this.jdbc.query("SELECT " + COLUMNS + " FROM cfg_grpc_server_instance WHERE id = ?",
				(row, i) -> record(row), id).stream().findFirst();
	}

	void register(ServerInstance instance, String version) {
		Timestamp now = Timestamp.from(this.clock.instant());
		this.jdbc.update("INSERT INTO cfg_grpc_server_instance (id, host, pid, version, state, started_at, heartbeat_at) "
				+ "VALUES (?, ?, ?, ?, ?, ?, ?)", instance.id(), cut(instance.host(), 255), instance.pid(),
				cut(version, 64), InstanceState.RUNNING.word(), Timestamp.from(instance.startedAt()), now);
	}

	void heartbeat(String id) {
		this.jdbc.update("UPDATE cfg_grpc_server_instance SET heartbeat_at = ? WHERE id = ? AND state = ?",
				Timestamp.from(this.clock.instant()), id, InstanceState.RUNNING.word());
	}

	void serving(String id, int grpcPort) {
		this.jdbc.update("UPDATE cfg_grpc_server_instance SET grpc_port = ? WHERE id = ?", grpcPort, id);
	}

	void stopped(String id) {
		Timestamp now = Timestamp.from(this.clock.instant());
		this.jdbc.update("UPDATE cfg_grpc_server_instance SET state = ?, heartbeat_at = ?, stopped_at = ? WHERE id = ?",
				InstanceState.STOPPED.word(), now, now, id);
	}

	/**
	 * Marks lost the running instances whose heartbeat is older than the given instant. Each row is
	 * claimed by one conditional update, so among instances looking at the same time only one
	 * claims (and reports) a given row.
	 * @param heartbeatBefore the oldest heartbeat still alive
	 * @return the rows this call claimed, as they were before
	 */
	List<InstanceRecord> claimStale(Instant heartbeatBefore) {
		List<InstanceRecord> stale = this.jdbc.query("SELECT " + COLUMNS + " FROM cfg_grpc_server_instance "
				+ "WHERE state = ? AND heartbeat_at < ?", (row, i) -> record(row), InstanceState.RUNNING.word(),
				Timestamp.from(heartbeatBefore));
		return claim(stale, "heartbeat_at < ?", Timestamp.from(heartbeatBefore));
	}

	/**
	 * Marks lost the other instances said to serve the gRPC port this instance has just bound on
	 * the same host: they cannot be serving it any more.
	 * @param self this instance
	 * @param grpcPort the port it bound
	 * @return the rows this call claimed
	 */
	List<InstanceRecord> claimSamePort(ServerInstance self, int grpcPort) {
		List<InstanceRecord> gone = this.jdbc.query("SELECT " + COLUMNS + " FROM cfg_grpc_server_instance "
				+ "WHERE state = ? AND host = ? AND grpc_port = ? AND id <> ?", (row, i) -> record(row),
				InstanceState.RUNNING.word(), cut(self.host(), 255), grpcPort, self.id());
		return claim(gone, "grpc_port = ?", grpcPort);
	}

	private List<InstanceRecord> claim(List<InstanceRecord> candidates, String stillTrue, Object argument) {
		List<InstanceRecord> claimed = new ArrayList<>();
		for (InstanceRecord candidate : candidates) {
			int updated = this.jdbc.update("UPDATE cfg_grpc_server_instance SET state = ?, stopped_at = ? "
					+ "WHERE id = ? AND state = ? AND " + stillTrue, InstanceState.LOST.word(),
					Timestamp.from(this.clock.instant()), candidate.id(), InstanceState.RUNNING.word(), argument);
			if (updated == 1) {
				claimed.add(candidate);
			}
		}
		return claimed;
	}

	private static InstanceRecord record(ResultSet row) throws SQLException {
		int port = row.getInt("grpc_port");
		Integer grpcPort = row.wasNull() ? null : port;
		Timestamp stopped = row.getTimestamp("stopped_at");
		return new InstanceRecord(row.getString("id"), row.getString("host"), row.getLong("pid"), grpcPort,
				row.getString("version"), InstanceState.fromWord(row.getString("state")),
				row.getTimestamp("started_at").toInstant(), row.getTimestamp("heartbeat_at").toInstant(),
				(stopped != null) ? stopped.toInstant() : null);
	}

	private static String cut(String value, int length) {
		return (value == null || value.length() <= length) ? value : value.substring(0, length);
	}

}
