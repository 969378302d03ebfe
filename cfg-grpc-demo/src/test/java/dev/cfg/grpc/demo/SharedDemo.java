package dev.cfg.grpc.demo;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What the end-to-end classes share: the demo jar started once in their JVM ({@link DemoProcess#shared()}),
 * its folder and the process that is running; the logs are kept in target/ after each class.
 */
abstract class SharedDemo {

	/** The demo jar's folder, ports, database and the buf CLI. */
	static DemoProcess jar;

	static Path work;

	/** The running demo; a class that stops it and starts another sets it. */
	static Process demo;

	/** The running demo's log, in {@link #work}; set with {@link #demo}. */
	static String demoLog = DemoProcess.LOG;

	@BeforeAll
	static void useTheSharedDemo() throws Exception {
		jar = DemoProcess.shared();
		work = jar.work;
		demo = jar.process;
	}

	@AfterAll
	static void keepLogs() throws Exception {
		jar.keepLogs();
	}

}
