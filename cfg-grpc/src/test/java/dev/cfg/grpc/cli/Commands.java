package dev.cfg.grpc.cli;

import java.io.PrintWriter;

/** Runs commands from tests in other packages. */
public final class Commands {

	private Commands() {
	}

	public static int execute(Class<?> application, PrintWriter out, PrintWriter err, String... args) {
		return CfgGrpcApplication.execute(application, out, err, args);
	}

}
