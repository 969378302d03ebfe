package dev.cfg.grpc.fleet;

import java.time.Clock;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

import dev.cfg.grpc.config.internal.PeriodicTask;
import dev.cfg.grpc.pipeline.ServerInstance;

/**
 * Keeps this instance's row: written when the application starts (before the gRPC server and the
 * request log writer), its heartbeat renewed every {@code cfg.grpc.fleet.heartbeat-interval}, and
 * marked stopped when the application stops (after the server has drained and the writer has
 * written everything queued, so "stopped" means nothing was cut short). Each heartbeat also claims
 * the instances whose heartbeat is older than {@code stale-after}; when the gRPC server has bound
 * its port, the instances said to serve that port on this host are claimed at once. Claimed
 * instances are reported by {@link LostInstanceReport}. Commands never start it.
 */
final class InstanceHeartbeat implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(InstanceHeartbeat.class);

	/** Starts before and stops after the request log writer ({@code Integer.MAX_VALUE - 10}). */
	static final int PHASE = Integer.MAX_VALUE - 20;

	private final ServerInstances instances;

	private final ServerInstance self;

	private final String version;

	private final Duration interval;

	private final Duration staleAfter;

	private final LostInstanceReport report;

	private final Clock clock;

	private volatile PeriodicTask beating;

	InstanceHeartbeat(ServerInstances instances, ServerInstance self, String version, Duration interval,
			Duration staleAfter, LostInstanceReport report, Clock clock) {
		this.instances = instances;
		this.self = self;
		this.version = version;
		this.interval = interval;
		this.staleAfter = staleAfter;
		this.report = report;
		this.clock = clock;
	}

	@Override
	public void start() {
		this.instances.register(this.self, this.version);
		PeriodicTask task = new PeriodicTask("cfg-grpc-heartbeat", this.interval, this.interval, this::beat, null, PHASE);
		task.start();
		this.beating = task;
	}

	@Override
	public void stop() {
		PeriodicTask task = this.beating;
		this.beating = null;
		if (task != null) {
			task.stop();
			this.instances.stopped(this.self.id());
		}
	}

	@Override
	public boolean isRunning() {
		return this.beating != null;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@EventListener
	void serverStarted(GrpcServerStartedEvent event) {
		if (!isRunning()) {
			return;
		}
		try {
			this.instances.serving(this.self.id(), event.getPort());
			this.instances.claimSamePort(this.self, event.getPort()).forEach(this.report::lost);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not record this instance's gRPC port: " + ex.getMessage());
		}
	}

	private void beat() {
		try {
			this.instances.heartbeat(this.self.id());
			this.instances.claimStale(this.clock.instant().minus(this.staleAfter)).forEach(this.report::lost);
		}
		catch (RuntimeException ex) {
			// The database may be down for a while; the next beat tries again.
			logger.warn("Could not write this instance's heartbeat: " + ex.getMessage());
		}
	}

}
