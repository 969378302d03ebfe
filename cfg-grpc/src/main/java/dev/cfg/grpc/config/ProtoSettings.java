package dev.cfg.grpc.config;

import java.util.List;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Generation of .proto files from the application's JPA entities (the {@code genproto} command).
 * {@code field-naming} cannot be changed from its default yet: startup says so.
 *
 * @param autoGenerate write the files when the application starts in the `dev` profile
 * @param outputDir folder the files are written to
 * @param packagePrefix first part of the generated proto packages, for example `api` gives
 * `api.products`; empty for none
 * @param includeServices also write a CRUD service per entity, in files of their own
 * @param fieldNaming `snake_case` or `camelCase` field names (only `snake_case` yet)
 * @param entities packages (with their subpackages) or class names of the entities written; empty
 * means the packages of `cfg.grpc.enabled-apps`, or every entity when that is empty too
 */
public record ProtoSettings(@DefaultValue("true") boolean autoGenerate, @DefaultValue("protos") String outputDir,
		@DefaultValue("api") String packagePrefix, @DefaultValue("false") boolean includeServices,
		@DefaultValue(ProtoSettings.SNAKE_CASE) String fieldNaming, @DefaultValue List<String> entities) {

	/** The default field naming, the only one genproto writes so far. */
	public static final String SNAKE_CASE = "snake_case";

	public ProtoSettings {
		Allowed.notBlank("cfg.grpc.proto.output-dir", outputDir);
		outputDir = outputDir.strip();
		packagePrefix = (packagePrefix != null) ? packagePrefix.strip() : "";
		if (!packagePrefix.isEmpty() && !packagePrefix.matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*")) {
			throw CfgGrpcConfigException.invalidValue("cfg.grpc.proto.package-prefix", packagePrefix,
					"a proto package such as api or acme.api: lower-case words separated by dots");
		}
		Allowed.oneOf("cfg.grpc.proto.field-naming", fieldNaming, List.of(SNAKE_CASE, "camelCase"));
		entities = List.copyOf(entities);
	}

}
