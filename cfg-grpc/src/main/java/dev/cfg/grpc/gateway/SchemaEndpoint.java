package dev.cfg.grpc.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.FileDescriptor;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.cfg.grpc.server.ServiceRegistry;

/**
 * What the served services are, for clients on the HTTP port: their proto files, compiled, with
 * everything they import, as one {@code FileDescriptorSet} (what {@code buf curl --schema} and
 * {@code protoc --descriptor_set_in} read; clients of gRPC-Web and Connect need it, since reflection
 * streams both ways, which HTTP/1.1 cannot carry); the {@code .proto} sources themselves, one by one
 * and as a zip, for generating clients; and an OpenAPI document of the HTTP/JSON routes. All say
 * what reflection says on the gRPC port, to whoever may ask reflection: anyone while
 * {@code spring.grpc.server.reflection.enabled} is on (the default), staff otherwise.
 */
@RestController
final class SchemaEndpoint {

	/** Where the set is served. */
	static final String PATH = "/cfg/grpc/schema.binpb";

	/** Where the OpenAPI document is served. */
	static final String OPENAPI_PATH = "/cfg/grpc/openapi.json";

	/** Where each proto source is served, under its import path. */
	static final String PROTOS_PATH = "/cfg/grpc/protos/";

	/** Where all proto sources are served as one zip. */
	static final String PROTOS_ZIP_PATH = "/cfg/grpc/protos.zip";

	/**
	 * Written once, at the first request: what is served does not change while the application
	 * runs, and the in-process server (which reads the routes) starts before the HTTP port takes
	 * requests.
	 */
	private final Supplier<byte[]> schema;

	private final Supplier<String> openApi;

	/** The sources found on the class path, by import path, imports first. */
	private final Supplier<Map<String, byte[]>> sources;

	private final Supplier<byte[]> zip;

	SchemaEndpoint(ServiceRegistry registry, WebCallServer server, String title, ClassLoader classLoader) {
		this.schema = SingletonSupplier.of(() -> descriptorSet(registry));
		this.openApi = SingletonSupplier.of(() -> RoutesOpenApi.describe(server.routes(), title));
		this.sources = SingletonSupplier.of(() -> sources(registry, classLoader));
		this.zip = SingletonSupplier.of(() -> zip(this.sources.get()));
	}

	/**
	 * One proto source, by its import path, such as {@code /cfg/grpc/protos/api/users/users.proto}.
	 * Only the served files and what they import are served, and only those whose source is on the
	 * class path (a descriptor set has them all).
	 */
	@GetMapping(path = PROTOS_PATH + "**")
	ResponseEntity<byte[]> proto(HttpServletRequest request) {
		String name = request.getRequestURI().substring(request.getContextPath().length() + PROTOS_PATH.length());
		byte[] source = this.sources.get().get(name);
		if (source == null) {
			return ResponseEntity.notFound().build();
		}
		return ResponseEntity.ok().contentType(new MediaType("text", "plain", StandardCharsets.UTF_8)).body(source);
	}

	@GetMapping(path = PROTOS_ZIP_PATH, produces = "application/zip")
	ResponseEntity<byte[]> protos() {
		return ResponseEntity.ok()
			.header("Content-Disposition", "attachment; filename=\"protos.zip\"")
			.body(this.zip.get());
	}

	@GetMapping(path = OPENAPI_PATH, produces = "application/json")
	String openApi() {
		return this.openApi.get();
	}

	@GetMapping(path = PATH, produces = "application/octet-stream")
	ResponseEntity<byte[]> schema() {
		return ResponseEntity.ok()
			.header("Content-Disposition", "attachment; filename=\"schema.binpb\"")
			.body(this.schema.get());
	}

	private static byte[] descriptorSet(ServiceRegistry registry) {
		return FileDescriptorSet.newBuilder()
			.addAllFile(allFiles(registry).stream().map(FileDescriptor::toProto).toList())
			.build()
			.toByteArray();
	}

	/** The served files and everything they import, imports first, each once. */
	private static List<FileDescriptor> allFiles(ServiceRegistry registry) {
		Map<String, FileDescriptor> files = new LinkedHashMap<>();
		for (FileDescriptor file : WebCallFilter.files(registry)) {
			collect(file, files);
		}
		return List.copyOf(files.values());
	}

	private static void collect(FileDescriptor file, Map<String, FileDescriptor> files) {
		if (!files.containsKey(file.getName())) {
			file.getDependencies().forEach((dependency) -> collect(dependency, files));
			files.put(file.getName(), file);
		}
	}

	/**
	 * The sources of the files, read from the class path at their import paths, where protobuf's
	 * Maven and Gradle plugins and the common protos' jars put them. A name is only ever one of the
	 * descriptors' own, never a client's, so no other resource can be reached.
	 */
	private static Map<String, byte[]> sources(ServiceRegistry registry, ClassLoader classLoader) {
		Map<String, byte[]> sources = new LinkedHashMap<>();
		for (FileDescriptor file : allFiles(registry)) {
			try (InputStream in = classLoader.getResourceAsStream(file.getName())) {
				if (in != null) {
					sources.put(file.getName(), in.readAllBytes());
				}
			}
			catch (IOException ex) {
				// Unreadable: left out, as a file not on the class path is; the descriptor set has it.
			}
		}
		return sources;
	}

	private static byte[] zip(Map<String, byte[]> sources) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			for (Map.Entry<String, byte[]> source : sources.entrySet()) {
				zip.putNextEntry(new ZipEntry(source.getKey()));
				zip.write(source.getValue());
				zip.closeEntry();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * The proto sources this endpoint serves.
	 * @return import paths, imports first
	 */
	List<String> sourceNames() {
		return List.copyOf(this.sources.get().keySet());
	}

}
