package dev.cfg.grpc.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.util.FileSystemUtils;

/**
 * The third mode of the harness: how long the management commands of cfg-grpc applications take,
 * wall time from starting {@code java -jar} to its exit, for one or more application jars side by
 * side. Each jar works in a folder of its own (its own {@code ./data}); the runs of a command go
 * round the jars in turn, so whatever else the machine does falls on all of them alike.
 */
final class CommandBench {

	/** The commands timed, with the arguments each run gets ({@code %d}: the run's number). */
	private static final Map<String, List<String>> COMMANDS = commands();

	private final Map<String, Path> jars;

	private final int runs;

	private final Path work;

	CommandBench(Map<String, Path> jars, int runs, Path work) {
		this.jars = jars;
		this.runs = runs;
		this.work = work;
	}

	private static Map<String, List<String>> commands() {
		Map<String, List<String>> commands = new LinkedHashMap<>();
		commands.put("help", List.of("help"));
		commands.put("token", List.of("token", "--user", "alice"));
		commands.put("apikey create", List.of("apikey", "create", "--user", "alice", "--name", "bench-%d"));
		commands.put("apikey list", List.of("apikey", "list"));
		commands.put("createsuperuser", List.of("createsuperuser", "--username", "bench-%d", "--password",
				"bench-password", "--no-input"));
		commands.put("cleanup-logs", List.of("cleanup-logs"));
		commands.put("check", List.of("check"));
		return commands;
	}

	void run() throws Exception {
		Map<String, Path> folders = new LinkedHashMap<>();
		for (Map.Entry<String, Path> jar : this.jars.entrySet()) {
			Path folder = this.work.resolve(jar.getKey());
			FileSystemUtils.deleteRecursively(folder);
			Files.createDirectories(folder);
			folders.put(jar.getKey(), folder);
			// Not timed: makes the database (migrations, the demo's users) and warms the file cache.
			time(jar.getValue(), folder, List.of("createsuperuser", "--username", "bench-setup", "--password",
					"bench-password", "--no-input"));
		}
		System.out.printf("== commands: wall time of java -jar <app> <command>, %d runs each, in ms%n", this.runs);
		int width = this.jars.keySet().stream().mapToInt(String::length).max().orElse(0) + " (min / median / max)".length();
		StringBuilder header = new StringBuilder(String.format("%-18s", "command"));
		for (String label : this.jars.keySet()) {
			header.append(" | ").append(String.format("%-" + width + "s", label + " (min / median / max)"));
		}
		System.out.println(header);
		int number = 0;
		for (Map.Entry<String, List<String>> command : COMMANDS.entrySet()) {
			Map<String, List<Long>> times = new LinkedHashMap<>();
			for (int i = 0; i < this.runs; i++) {
				for (Map.Entry<String, Path> jar : this.jars.entrySet()) {
					int run = ++number;
					List<String> arguments = command.getValue().stream().map((a) -> a.formatted(run)).toList();
					times.computeIfAbsent(jar.getKey(), (k) -> new ArrayList<>())
						.add(time(jar.getValue(), folders.get(jar.getKey()), arguments));
				}
			}
			StringBuilder row = new StringBuilder(String.format("%-18s", command.getKey()));
			for (List<Long> measured : times.values()) {
				List<Long> sorted = measured.stream().sorted().toList();
				String cell = String.format(Locale.ROOT, "%d / %d / %d", sorted.get(0), sorted.get(sorted.size() / 2),
						sorted.get(sorted.size() - 1));
				row.append(" | ").append(String.format("%-" + width + "s", cell));
			}
			System.out.println(row);
		}
	}

	/** Runs one command to its end and returns its wall time in milliseconds. */
	private static long time(Path jar, Path folder, List<String> arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
				jar.toAbsolutePath().toString()));
		command.addAll(arguments);
		Path log = folder.resolve("last-command.log");
		long start = System.nanoTime();
		Process process = new ProcessBuilder(command).directory(folder.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		int exit = process.waitFor();
		long millis = (System.nanoTime() - start) / 1_000_000;
		if (exit != 0) {
			throw new IllegalStateException(String.join(" ", arguments) + " exited with " + exit + " in " + folder
					+ ":\n" + Files.readString(log));
		}
		return millis;
	}

}
