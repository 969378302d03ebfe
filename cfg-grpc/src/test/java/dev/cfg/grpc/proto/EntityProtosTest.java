package dev.cfg.grpc.proto;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

import dev.cfg.grpc.protomodel.Book;
import dev.cfg.grpc.protomodel.ProtoModelApplication;
import dev.cfg.grpc.protomodel.Shelf;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * genproto's output for a model with every supported type, checked against a golden file and by
 * protoc; and field numbers across generations of a changing model.
 */
class EntityProtosTest {

	private static final Path GOLDEN = Path.of("src/test/resources/genproto/api/protomodel/entities.proto");

	@Test
	void theTestModelGivesTheGoldenFileAndProtocAcceptsIt(@TempDir Path work) throws Exception {
		Map<String, String> files = generate(work.resolve("out"));
		assertThat(files).containsOnlyKeys("api/protomodel/entities.proto");
		String text = files.get("api/protomodel/entities.proto");
		if (Boolean.getBoolean("genproto.updateGolden")) {
			Files.writeString(GOLDEN, text);
		}
		assertThat(text).isEqualTo(Files.readString(GOLDEN));
		assertCompiles(work, files);
	}

	@Test
	void servicesGoToAFileOfTheirOwnThatProtocAccepts(@TempDir Path work) throws Exception {
		Map<String, String> files = generate(work.resolve("out"), true);
		assertThat(files).containsOnlyKeys("api/protomodel/entities.proto", "api/protomodel/entities_service.proto");
		assertThat(files.get("api/protomodel/entities.proto")).isEqualTo(Files.readString(GOLDEN));
		assertThat(files.get("api/protomodel/entities_service.proto")).contains("service ShelfService {",
				"rpc ListShelfs(ListShelfsRequest) returns (ListShelfsResponse);",
				"rpc UpdateShelf(UpdateShelfRequest) returns (Shelf);", "google.protobuf.FieldMask update_mask = 2;",
				"service BookService {", "message GetBookRequest {\n  string id = 1;\n}")
			.as("embeddables have no service")
			.doesNotContain("AddressService");
		assertCompiles(work, files);
	}

	@Test
	void entitiesAreChosenByPackageOrClassName() {
		assertThat(EntityProtos.selection(List.of()).test(Shelf.class)).isTrue();
		assertThat(EntityProtos.selection(List.of("dev.cfg.grpc.protomodel.Book"))).accepts(Book.class)
			.rejects(Shelf.class);
		assertThat(EntityProtos.selection(List.of(" dev.cfg.grpc ", "com.example"))).as("subpackages too")
			.accepts(Shelf.class, Book.class);
		assertThat(EntityProtos.selection(List.of("dev.cfg.grpc.proto"))).as("a package, not a name prefix")
			.rejects(Shelf.class);
	}

	@Test
	void generatingAgainOverItsOwnOutputChangesNothing(@TempDir Path work) throws Exception {
		Path out = work.resolve("out");
		Map<String, String> first = generate(out);
		write(out, first);
		assertThat(generate(out)).isEqualTo(first);
	}

	@Test
	void numbersNeverMoveAcrossThreeGenerations(@TempDir Path work) throws Exception {
		// 1: id, name, price.
		String first = text(FieldNumbers.none(), field("id", "int64"), field("name", "string"), field("price", "string"));
		assertThat(first).contains("int64 id = 1;", "string name = 2;", "string price = 3;");
		// 2: price removed, stock added, name renamed to title.
		String second = text(FieldNumbers.read(first), field("id", "int64"), field("title", "string"),
				field("stock", "int32"));
		assertThat(second).contains("int64 id = 1;", "string title = 4;", "int32 stock = 5;")
			.contains("reserved 2, 3;", "reserved \"name\", \"price\";");
		// 3: stock becomes a decimal text, price comes back, a new field arrives.
		String third = text(FieldNumbers.read(second), field("id", "int64"), field("title", "string"),
				field("stock", "string"), field("price", "string"), field("note", "string"));
		assertThat(third).contains("int64 id = 1;", "string title = 4;")
			.as("a retyped field gets a new number, a re-added one too; old numbers stay reserved")
			.contains("string stock = 6;", "string price = 7;", "string note = 8;", "reserved 2, 3, 5;",
					"reserved \"name\";");
		for (String generation : List.of(first, second, third)) {
			Path root = Files.createDirectories(work.resolve("g" + generation.hashCode()));
			Files.writeString(root.resolve("item.proto"), generation);
			Protoc.Result result = Protoc.compile(root, List.of("item.proto"), work);
			assertThat(result.exitCode()).as(generation + "\n" + result.output()).isZero();
		}
	}

	@Test
	void inTheDevProfileTheProtosAreWrittenAtStartupAndNeverOtherwise(@TempDir Path work) throws Exception {
		Path dev = work.resolve("dev");
		Path prod = work.resolve("prod");
		String[] common = { "spring.datasource.url=jdbc:h2:mem:genproto-startup;DB_CLOSE_DELAY=-1",
				"spring.jpa.hibernate.ddl-auto=create-drop", "cfg.grpc.auth.enabled=false" };
		try (var application = start(with(common, "spring.profiles.active=dev", "cfg.grpc.proto.output-dir=" + dev))) {
			// The same messages and numbers as the golden file, and its comments: the Javadoc the build kept.
			assertThat(dev.resolve("api/protomodel/entities.proto")).content()
				.contains("message Shelf {", "  string name = 17;", "  optional ShelfState state = 27;",
						"  // Nullable: proto3 optional.");
		}
		try (var application = start(with(common, "cfg.grpc.proto.output-dir=" + prod))) {
			assertThat(prod).doesNotExist();
		}
		try (var application = start(with(common, "spring.profiles.active=dev", "cfg.grpc.proto.auto-generate=false",
				"cfg.grpc.proto.output-dir=" + prod))) {
			assertThat(prod).doesNotExist();
		}
	}

	/** The test model's application, without a web server (it has no gRPC services either). */
	private static org.springframework.context.ConfigurableApplicationContext start(String... properties) {
		return new org.springframework.boot.builder.SpringApplicationBuilder(ProtoModelApplication.class)
			.web(org.springframework.boot.WebApplicationType.NONE)
			.run(java.util.Arrays.stream(properties).map((property) -> "--" + property).toArray(String[]::new));
	}

	private static String[] with(String[] common, String... more) {
		List<String> all = new ArrayList<>(List.of(common));
		all.addAll(List.of(more));
		return all.toArray(String[]::new);
	}

	private static String text(FieldNumbers numbers, ProtoSchema.Field... fields) {
		ProtoSchema.File file = new ProtoSchema.File("item.proto", "test.items", "test.items", List.of(),
				List.of(new ProtoSchema.Message("Item", "test.Item", List.of(), List.of(fields))), List.of());
		return ProtoText.of(file, numbers, "test");
	}

	private static ProtoSchema.Field field(String name, String type) {
		return new ProtoSchema.Field(name, type, "", List.of());
	}

	private static void assertCompiles(Path work, Map<String, String> files) throws Exception {
		Path root = work.resolve("compile");
		write(root, files);
		Protoc.Result result = Protoc.compile(root, new ArrayList<>(files.keySet()), work);
		assertThat(result.exitCode()).as(result.output()).isZero();
	}

	private static void write(Path root, Map<String, String> files) throws Exception {
		for (Map.Entry<String, String> file : files.entrySet()) {
			Path path = root.resolve(file.getKey());
			Files.createDirectories(path.getParent());
			Files.writeString(path, file.getValue());
		}
	}

	private static Map<String, String> generate(Path out) {
		return generate(out, false);
	}

	private static Map<String, String> generate(Path out, boolean services) {
		ClassLoader loader = EntityProtosTest.class.getClassLoader();
		List<Map<String, String>> result = new ArrayList<>();
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(
					ClassUtils.resolveClassName("org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
							loader),
					ClassUtils.resolveClassName(
							"org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration", loader)))
			.withUserConfiguration(Model.class)
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:genproto;DB_CLOSE_DELAY=-1",
					"spring.jpa.hibernate.ddl-auto=create-drop")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				result.add(EntityProtos.generate(context.getBean(EntityManagerFactory.class).getMetamodel(),
						new EntityProtos.Options("api", EntityProtos.selection(List.of(Shelf.class.getPackageName())), out,
								services)));
			});
		return result.get(0);
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = Shelf.class)
	static class Model {

	}

}
