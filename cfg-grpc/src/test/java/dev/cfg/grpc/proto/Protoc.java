package dev.cfg.grpc.proto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The protoc the build already uses (the one that compiles the tests' own protos, from the local
 * Maven repository), run on generated files with the well-known types from protobuf-java's jar on
 * its import path.
 */
final class Protoc {

	private Protoc() {
	}

	/**
	 * Compiles files into a descriptor set, which fails on anything protoc would refuse.
	 * @param root the folder the files' paths are relative to
	 * @param files the files
	 * @param work a scratch folder
	 * @return protoc's exit code and output
	 */
	static Result compile(Path root, List<String> files, Path work) throws Exception {
		Path binary = work.resolve("protoc");
		if (!Files.exists(binary)) {
			Files.copy(Path.of(System.getProperty("protoc")), binary, StandardCopyOption.REPLACE_EXISTING);
			binary.toFile().setExecutable(true);
		}
		Path include = work.resolve("include");
		for (String known : List.of("timestamp", "duration", "any", "empty", "field_mask", "wrappers")) {
			copy("google/protobuf/" + known + ".proto", include);
		}
		List<String> command = new ArrayList<>(List.of(binary.toString(), "-I" + root, "-I" + include,
				"--descriptor_set_out=" + work.resolve("out.pb")));
		command.addAll(files);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(120, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("protoc did not finish");
		}
		return new Result(process.exitValue(), output);
	}

	private static void copy(String resource, Path include) throws IOException {
		Path target = include.resolve(resource);
		if (Files.exists(target)) {
			return;
		}
		Files.createDirectories(target.getParent());
		try (InputStream in = Protoc.class.getClassLoader().getResourceAsStream(resource)) {
			Files.copy(in, target);
		}
	}

	record Result(int exitCode, String output) {
	}

}
