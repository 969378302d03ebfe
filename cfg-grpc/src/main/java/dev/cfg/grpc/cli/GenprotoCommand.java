package dev.cfg.grpc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManagerFactory;
import picocli.CommandLine;

import dev.cfg.grpc.config.CfgGrpcProperties;
import dev.cfg.grpc.config.ProtoSettings;
import dev.cfg.grpc.proto.EntityProtos;

/**
 * {@code genproto}: writes {@code .proto} files from the application's JPA entities, keeping the
 * field numbers of the files already there; {@code --check} writes nothing and exits 1 when the
 * files on disk differ from what would be written, printing where. Starts the application without
 * its servers, for its JPA metamodel.
 */
@CommandLine.Command(name = "genproto", description = "Write .proto files from the application's JPA entities.")
final class GenprotoCommand extends BeanCommand {

	/** Lines of difference printed per file at most. */
	private static final int DIFFERENCES_SHOWN = 40;

	@CommandLine.Option(names = "--output-dir", paramLabel = "DIR",
			description = "Where the files go (default: cfg.grpc.proto.output-dir, protos).")
	Path outputDir;

	@CommandLine.Option(names = "--package-prefix", paramLabel = "PREFIX",
			description = "First part of the proto packages (default: cfg.grpc.proto.package-prefix, api).")
	String packagePrefix;

	@CommandLine.Option(names = "--entities", paramLabel = "NAME", split = ",",
			description = "Packages (with their subpackages) or classes whose entities are written (default: "
					+ "cfg.grpc.proto.entities, else cfg.grpc.enabled-apps, else all).")
	List<String> packages = new ArrayList<>();

	@CommandLine.Option(names = "--services", negatable = true,
			description = "Also write a CRUD service per entity, in entities_service.proto beside each file "
					+ "(default: cfg.grpc.proto.include-services, false).")
	Boolean services;

	@CommandLine.Option(names = "--check",
			description = "Write nothing; exit 1 when the files differ from what would be written.")
	boolean check;

	@Override
	public Integer call() {
		PrintWriter out = out();
		PrintWriter err = err();
		return withApplication((context) -> {
			EntityManagerFactory jpa = context.getBeanProvider(EntityManagerFactory.class).getIfAvailable();
			if (jpa == null) {
				err.println("genproto: the application has no JPA (no EntityManagerFactory bean), so no entities");
				return 1;
			}
			ProtoSettings settings = context.getBean(CfgGrpcProperties.class).proto();
			Path folder = (this.outputDir != null) ? this.outputDir : Path.of(settings.outputDir());
			String prefix = (this.packagePrefix != null) ? this.packagePrefix : settings.packagePrefix();
			Map<String, String> files;
			try {
				boolean services = (this.services != null) ? this.services : settings.includeServices();
				List<String> names = !this.packages.isEmpty() ? this.packages
						: EntityProtos.defaultSelection(context.getBean(CfgGrpcProperties.class));
				files = EntityProtos.generate(jpa.getMetamodel(), new EntityProtos.Options(prefix,
						EntityProtos.selection(names), folder, services));
			}
			catch (IllegalArgumentException ex) {
				err.println("genproto: " + ex.getMessage());
				return 1;
			}
			if (files.isEmpty()) {
				err.println("genproto: no entities" + (this.packages.isEmpty() ? "" : " in " + this.packages));
				return 1;
			}
			return this.check ? check(folder, files, out, err) : write(folder, files, out);
		});
	}

	private static int write(Path folder, Map<String, String> files, PrintWriter out) {
		EntityProtos.write(folder, files).forEach((path, written) -> out.println((written ? "wrote " : "unchanged ") + path));
		return 0;
	}

	private static int check(Path folder, Map<String, String> files, PrintWriter out, PrintWriter err) {
		int differing = 0;
		try {
			for (Map.Entry<String, String> file : files.entrySet()) {
				Path path = folder.resolve(file.getKey());
				if (!Files.isRegularFile(path)) {
					err.println("genproto --check: " + path + " is missing");
					differing++;
					continue;
				}
				List<String> disk = Files.readString(path).lines().toList();
				List<String> generated = file.getValue().lines().toList();
				if (!disk.equals(generated)) {
					differing++;
					err.println("genproto --check: " + path + " differs from what would be written:");
					printDifference(disk, generated, err);
				}
			}
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		if (differing > 0) {
			err.println("genproto --check: " + differing + " of " + files.size()
					+ " files differ; run genproto to write them.");
			return 1;
		}
		out.println("genproto --check: " + files.size() + " files up to date in " + folder);
		return 0;
	}

	/** The lines only on disk (-) and only generated (+), after the part both share at start and end. */
	private static void printDifference(List<String> disk, List<String> generated, PrintWriter err) {
		int start = 0;
		while (start < disk.size() && start < generated.size() && disk.get(start).equals(generated.get(start))) {
			start++;
		}
		int endDisk = disk.size();
		int endGenerated = generated.size();
		while (endDisk > start && endGenerated > start && disk.get(endDisk - 1).equals(generated.get(endGenerated - 1))) {
			endDisk--;
			endGenerated--;
		}
		err.println("@@ line " + (start + 1) + " @@");
		int shown = 0;
		for (int i = start; i < endDisk && shown < DIFFERENCES_SHOWN; i++, shown++) {
			err.println("-" + disk.get(i));
		}
		for (int i = start; i < endGenerated && shown < DIFFERENCES_SHOWN; i++, shown++) {
			err.println("+" + generated.get(i));
		}
		if (shown == DIFFERENCES_SHOWN) {
			err.println("(more lines differ)");
		}
	}

}
