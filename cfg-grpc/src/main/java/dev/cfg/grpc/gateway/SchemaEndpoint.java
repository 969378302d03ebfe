package dev.cfg.grpc.gateway;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.FileDescriptor;

import org.springframework.http.ResponseEntity;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.cfg.grpc.server.ServiceRegistry;

/**
 * What the served services are, for clients on the HTTP port: their proto files, compiled, with
 * everything they import, as one {@code FileDescriptorSet} (what {@code buf curl --schema} and
 * {@code protoc --descriptor_set_in} read; clients of gRPC-Web and Connect need it, since reflection
 * streams both ways, which HTTP/1.1 cannot carry), and an OpenAPI document of the HTTP/JSON routes.
 * Both say what reflection says on the gRPC port, to whoever may ask reflection: anyone while
 * {@code spring.grpc.server.reflection.enabled} is on (the default), staff otherwise.
 */
@RestController
final class SchemaEndpoint {

	/** Where the set is served. */
	static final String PATH = "/cfg/grpc/schema.binpb";

	/** Where the OpenAPI document is served. */
	static final String OPENAPI_PATH = "/cfg/grpc/openapi.json";

	/**
	 * Written once, at the first request: what is served does not change while the application
	 * runs, and the in-process server (which reads the routes) starts before the HTTP port takes
	 * requests.
	 */
	private final Supplier<byte[]> schema;

	private final Supplier<String> openApi;

	SchemaEndpoint(ServiceRegistry registry, WebCallServer server, String title) {
		this.schema = SingletonSupplier.of(() -> descriptorSet(registry));
		this.openApi = SingletonSupplier.of(() -> RoutesOpenApi.describe(server.routes(), title));
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
		Map<String, FileDescriptorProto> files = new LinkedHashMap<>();
		for (FileDescriptor file : WebCallFilter.files(registry)) {
			collect(file, files);
		}
		return FileDescriptorSet.newBuilder().addAllFile(files.values()).build().toByteArray();
	}

	/** Imports before the files that import them, each once. */
	private static void collect(FileDescriptor file, Map<String, FileDescriptorProto> files) {
		if (!files.containsKey(file.getName())) {
			file.getDependencies().forEach((dependency) -> collect(dependency, files));
			files.put(file.getName(), file.toProto());
		}
	}

}
