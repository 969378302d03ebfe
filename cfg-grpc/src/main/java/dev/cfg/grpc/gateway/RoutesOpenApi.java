package dev.cfg.grpc.gateway;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.Descriptors;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OpenAPI 3 document of the HTTP/JSON routes, written from the methods' descriptors: each route
 * with its path and query parameters, its body, its answer (newline-delimited JSON for a stream)
 * and errors as {@code google.rpc.Status}; each message as the JSON that protobuf's JSON mapping
 * makes of it (64-bit integers as strings, bytes in base64, enums by name, well-known types in
 * their JSON forms).
 */
final class RoutesOpenApi {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final Set<String> WELL_KNOWN_STRINGS = Set.of("google.protobuf.Timestamp",
			"google.protobuf.Duration", "google.protobuf.FieldMask", "google.protobuf.StringValue",
			"google.protobuf.BytesValue", "google.protobuf.Int64Value", "google.protobuf.UInt64Value");

	private RoutesOpenApi() {
	}

	/**
	 * The document.
	 * @param routes the routes
	 * @param title the API's title (the application's name)
	 * @return the document as JSON
	 */
	static String describe(HttpRoutes routes, String title) {
		ObjectNode document = NODES.objectNode();
		document.put("openapi", "3.0.3");
		document.putObject("info")
			.put("title", title)
			.put("version", "1")
			.put("description", "The gRPC methods with google.api.http routes, as HTTP/JSON. Calls pass the same "
					+ "pipeline as on the gRPC port: sign in with a bearer access token or an API key.");
		ObjectNode paths = document.putObject("paths");
		Map<String, Descriptors.Descriptor> messages = new LinkedHashMap<>();
		messages.put("google.rpc.Status", com.google.rpc.Status.getDescriptor());
		Set<String> operationIds = new HashSet<>();
		for (HttpRoutes.Route route : routes.all()) {
			Descriptors.MethodDescriptor method = route.method().proto();
			ObjectNode operation = NODES.objectNode();
			String id = method.getService().getName() + "_" + method.getName();
			// A method's additional bindings are operations of their own.
			for (int n = 2; !operationIds.add(id); n++) {
				id = method.getService().getName() + "_" + method.getName() + "_" + n;
			}
			operation.put("operationId", id);
			operation.putArray("tags").add(method.getService().getFullName());
			operation.put("summary", method.getFullName());
			ArrayNode parameters = operation.putArray("parameters");
			Descriptors.Descriptor input = method.getInputType();
			Set<String> bound = route.path().variables();
			for (String variable : bound) {
				parameters.add(parameter(variable, "path", field(input, variable), messages));
			}
			if (!route.body().equals("*")) {
				for (Descriptors.FieldDescriptor field : input.getFields()) {
					if (!bound.contains(field.getName()) && !field.getName().equals(route.body())
							&& field.getJavaType() != Descriptors.FieldDescriptor.JavaType.MESSAGE) {
						parameters.add(parameter(field.getName(), "query", field, messages));
					}
				}
			}
			if (!route.body().isEmpty()) {
				ObjectNode schema = route.body().equals("*") ? reference(input, messages)
						: schema(field(input, route.body()), messages);
				operation.putObject("requestBody").put("required", true).putObject("content")
					.putObject("application/json").set("schema", schema);
			}
			Descriptors.Descriptor output = method.getOutputType();
			ObjectNode answer = output.findFieldByName(route.responseBody()) != null
					? schema(output.findFieldByName(route.responseBody()), messages) : reference(output, messages);
			ObjectNode responses = operation.putObject("responses");
			responses.putObject("200")
				.put("description", method.isServerStreaming() ? "One JSON message a line" : "The response")
				.putObject("content")
				.putObject(method.isServerStreaming() ? "application/x-ndjson" : "application/json")
				.set("schema", answer);
			responses.putObject("default")
				.put("description", "The call's status: the gRPC code, its message and details")
				.putObject("content")
				.putObject("application/json")
				.set("schema", NODES.objectNode().put("$ref", "#/components/schemas/google.rpc.Status"));
			ObjectNode path = paths.has(openApiPath(route)) ? (ObjectNode) paths.get(openApiPath(route))
					: paths.putObject(openApiPath(route));
			path.set(route.httpMethod().toLowerCase(java.util.Locale.ROOT), operation);
		}
		ObjectNode components = document.putObject("components");
		ObjectNode schemas = components.putObject("schemas");
		// Writing a message's schema may reach more messages: until none is new.
		Set<String> written = new HashSet<>();
		for (boolean more = true; more;) {
			more = false;
			for (Descriptors.Descriptor type : List.copyOf(messages.values())) {
				if (written.add(type.getFullName())) {
					schemas.set(type.getFullName(), message(type, messages));
					more = true;
				}
			}
		}
		ObjectNode security = components.putObject("securitySchemes");
		security.putObject("bearer").put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT");
		security.putObject("apiKey").put("type", "apiKey").put("in", "header").put("name", "x-api-key");
		ArrayNode anyOf = document.putArray("security");
		anyOf.addObject().putArray("bearer");
		anyOf.addObject().putArray("apiKey");
		anyOf.addObject();
		return JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(document);
	}

	/** A template's path in OpenAPI's form: each variable as {field}, whatever segments it covers. */
	private static String openApiPath(HttpRoutes.Route route) {
		return route.path().toString().replaceAll("\\{([^}=]+)(=[^}]*)?}", "{$1}");
	}

	private static ObjectNode parameter(String name, String in, Descriptors.FieldDescriptor field,
			Map<String, Descriptors.Descriptor> messages) {
		ObjectNode parameter = NODES.objectNode().put("name", name).put("in", in).put("required", in.equals("path"));
		parameter.set("schema", schema(field, messages));
		return parameter;
	}

	private static Descriptors.FieldDescriptor field(Descriptors.Descriptor type, String path) {
		Descriptors.FieldDescriptor field = null;
		Descriptors.Descriptor at = type;
		for (String name : path.split("\\.")) {
			field = at.findFieldByName(name);
			if (field == null) {
				throw new IllegalStateException(type.getFullName() + " has no field " + path);
			}
			if (field.getJavaType() == Descriptors.FieldDescriptor.JavaType.MESSAGE) {
				at = field.getMessageType();
			}
		}
		return field;
	}

	private static ObjectNode message(Descriptors.Descriptor type, Map<String, Descriptors.Descriptor> messages) {
		ObjectNode schema = NODES.objectNode().put("type", "object");
		ObjectNode properties = schema.putObject("properties");
		for (Descriptors.FieldDescriptor field : type.getFields()) {
			properties.set(field.getJsonName(), schema(field, messages));
		}
		return schema;
	}

	private static ObjectNode schema(Descriptors.FieldDescriptor field, Map<String, Descriptors.Descriptor> messages) {
		if (field.isMapField()) {
			Descriptors.FieldDescriptor value = field.getMessageType().findFieldByName("value");
			ObjectNode map = NODES.objectNode().put("type", "object");
			map.set("additionalProperties", single(value, messages));
			return map;
		}
		if (field.isRepeated()) {
			ObjectNode array = NODES.objectNode().put("type", "array");
			array.set("items", single(field, messages));
			return array;
		}
		return single(field, messages);
	}

	private static ObjectNode single(Descriptors.FieldDescriptor field, Map<String, Descriptors.Descriptor> messages) {
		return switch (field.getType()) {
			case INT32, SINT32, SFIXED32, UINT32, FIXED32 -> NODES.objectNode().put("type", "integer").put("format", "int32");
			case INT64, SINT64, SFIXED64, UINT64, FIXED64 -> NODES.objectNode().put("type", "string").put("format", "int64");
			case FLOAT -> NODES.objectNode().put("type", "number").put("format", "float");
			case DOUBLE -> NODES.objectNode().put("type", "number").put("format", "double");
			case BOOL -> NODES.objectNode().put("type", "boolean");
			case STRING -> NODES.objectNode().put("type", "string");
			case BYTES -> NODES.objectNode().put("type", "string").put("format", "byte");
			case ENUM -> {
				ObjectNode values = NODES.objectNode().put("type", "string");
				ArrayNode names = values.putArray("enum");
				field.getEnumType().getValues().forEach((value) -> names.add(value.getName()));
				yield values;
			}
			case MESSAGE, GROUP -> reference(field.getMessageType(), messages);
		};
	}

	private static ObjectNode reference(Descriptors.Descriptor type, Map<String, Descriptors.Descriptor> messages) {
		String name = type.getFullName();
		if (WELL_KNOWN_STRINGS.contains(name)) {
			return NODES.objectNode().put("type", "string");
		}
		if (name.startsWith("google.protobuf.") && !name.equals("google.protobuf.Any")) {
			// Struct, Value, Empty, the other wrappers: JSON of their own shape.
			return NODES.objectNode();
		}
		messages.putIfAbsent(name, type);
		return NODES.objectNode().put("$ref", "#/components/schemas/" + name);
	}

}
