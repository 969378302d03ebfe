package dev.cfg.grpc.proto;

import java.util.List;
import java.util.Locale;

/**
 * The {@code genproto --services} file of one package: a service per entity with {@code Get},
 * {@code List} (page size and token), {@code Create}, {@code Update} (with a field mask) and
 * {@code Delete}, in a file of its own ({@code entities_service.proto}) so that it never overwrites
 * a hand-written service. Its request and response messages have a fixed shape, so their numbers
 * need no bookkeeping. Only the contract: the application implements the services.
 */
final class CrudServices {

	private CrudServices() {
	}

	/**
	 * @param path the entities' file, which this one imports
	 * @param protoPackage the proto package
	 * @param javaPackage the Java package of the generated classes
	 * @param entities each entity's message name and id type
	 * @return the file's text
	 */
	static String of(String path, String protoPackage, String javaPackage, List<Entity> entities) {
		StringBuilder text = new StringBuilder();
		text.append("// Written by genproto --services: CRUD services of the entities in ").append(path).append(".\n");
		text.append("// Implement them in the application; regenerating rewrites this file, never a hand-written one.\n");
		text.append("syntax = \"proto3\";\n\n");
		text.append("package ").append(protoPackage).append(";\n\n");
		text.append("import \"").append(path).append("\";\n");
		text.append("import \"google/protobuf/empty.proto\";\n");
		text.append("import \"google/protobuf/field_mask.proto\";\n\n");
		text.append("option java_multiple_files = true;\n");
		text.append("option java_package = \"").append(javaPackage).append("\";\n");
		for (Entity entity : entities) {
			String name = entity.name();
			String plural = plural(name);
			String field = ProtoNames.snake(name);
			text.append('\n');
			text.append("service ").append(name).append("Service {\n");
			text.append("  rpc Get").append(name).append("(Get").append(name).append("Request) returns (").append(name).append(");\n");
			text.append("  rpc List").append(plural).append("(List").append(plural).append("Request) returns (List").append(plural)
				.append("Response);\n");
			text.append("  rpc Create").append(name).append("(Create").append(name).append("Request) returns (").append(name)
				.append(");\n");
			text.append("  rpc Update").append(name).append("(Update").append(name).append("Request) returns (").append(name)
				.append(");\n");
			text.append("  rpc Delete").append(name).append("(Delete").append(name)
				.append("Request) returns (google.protobuf.Empty);\n");
			text.append("}\n\n");
			text.append("message Get").append(name).append("Request {\n  ").append(entity.idType()).append(" id = 1;\n}\n\n");
			text.append("message List").append(plural).append("Request {\n");
			text.append("  // At most this many; the server chooses when 0.\n  int32 page_size = 1;\n");
			text.append("  // The next_page_token of the previous page; empty for the first.\n  string page_token = 2;\n}\n\n");
			text.append("message List").append(plural).append("Response {\n  repeated ").append(name).append(' ')
				.append(ProtoNames.snake(plural)).append(" = 1;\n  // Empty on the last page.\n  string next_page_token = 2;\n}\n\n");
			text.append("message Create").append(name).append("Request {\n  ").append(name).append(' ').append(field)
				.append(" = 1;\n}\n\n");
			text.append("message Update").append(name).append("Request {\n  ").append(name).append(' ').append(field)
				.append(" = 1;\n  // The fields to change; every field when empty.\n  google.protobuf.FieldMask update_mask = 2;\n}\n\n");
			text.append("message Delete").append(name).append("Request {\n  ").append(entity.idType()).append(" id = 1;\n}\n");
		}
		return text.toString();
	}

	static String plural(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		if (lower.endsWith("y") && name.length() > 1 && "aeiou".indexOf(lower.charAt(lower.length() - 2)) < 0) {
			return name.substring(0, name.length() - 1) + "ies";
		}
		if (lower.endsWith("s") || lower.endsWith("x") || lower.endsWith("ch") || lower.endsWith("sh")) {
			return name + "es";
		}
		return name + "s";
	}

	/**
	 * An entity as its service needs it.
	 * @param name the message's name
	 * @param idType the id's proto type
	 */
	record Entity(String name, String idType) {
	}

}
