package dev.cfg.grpc.server;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerExecutorProvider;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import dev.cfg.grpc.config.CfgGrpcConfigException;

/**
 * The executor that runs service code: a pool of {@code cfg.grpc.server.max-workers} threads
 * (calls beyond that wait in line), or one virtual thread per task when virtual threads are on.
 */
final class WorkerExecutor implements GrpcServerExecutorProvider, DisposableBean {

	private final Executor executor;

	private WorkerExecutor(Executor executor) {
		this.executor = executor;
	}

	static WorkerExecutor pool(int maxWorkers) {
		ThreadPoolExecutor pool = new ThreadPoolExecutor(maxWorkers, maxWorkers, 60, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), new CustomizableThreadFactory("grpc-worker-"));
		pool.allowCoreThreadTimeOut(true);
		return new WorkerExecutor(pool);
	}

	static WorkerExecutor virtualThreads(String settingName) {
		try {
			return new WorkerExecutor(new VirtualThreadTaskExecutor("grpc-virtual-"));
		}
		catch (UnsupportedOperationException ex) {
			throw CfgGrpcConfigException.invalidValue(settingName, true,
					"true only on Java 21 or newer (this is Java " + Runtime.version().feature() + ")");
		}
	}

	@Override
	public Executor getExecutor() {
		return this.executor;
	}

	boolean usesVirtualThreads() {
		return this.executor instanceof VirtualThreadTaskExecutor;
	}

	@Override
	public void destroy() {
		if (this.executor instanceof ExecutorService service) {
			service.shutdown();
		}
	}

}
