package dev.cfg.grpc.gateway;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;

/**
 * Messages as JSON by protobuf's JSON mapping, for the Connect protocol's JSON codec: requests are
 * read strictly (an unknown field is an error, as the mapping asks of a parser), responses written
 * with lowerCamelCase names and {@code Any} values resolved against the served services' types.
 */
final class MessageJson {

	/** Longest part of a parser's complaint repeated to the client. */
	private static final int REASON_LENGTH = 200;

	private final JsonFormat.Parser parser;

	private final JsonFormat.Printer printer;

	/**
	 * @param files the proto files of the served services; their messages and their imports'
	 * resolve {@code Any}
	 */
	MessageJson(Iterable<Descriptors.FileDescriptor> files) {
		JsonFormat.TypeRegistry.Builder types = JsonFormat.TypeRegistry.newBuilder()
			.add(com.google.rpc.ErrorDetailsProto.getDescriptor().getMessageTypes());
		Set<Descriptors.FileDescriptor> seen = new LinkedHashSet<>();
		for (Descriptors.FileDescriptor file : files) {
			collect(file, seen);
		}
		seen.forEach((file) -> types.add(file.getMessageTypes()));
		JsonFormat.TypeRegistry registry = types.build();
		this.parser = JsonFormat.parser().usingTypeRegistry(registry);
		this.printer = JsonFormat.printer().usingTypeRegistry(registry).omittingInsignificantWhitespace();
	}

	private static void collect(Descriptors.FileDescriptor file, Set<Descriptors.FileDescriptor> seen) {
		if (seen.add(file)) {
			file.getDependencies().forEach((dependency) -> collect(dependency, seen));
		}
	}

	/**
	 * A request message from its JSON.
	 * @param type the method's request type
	 * @param json the JSON; empty means the empty message
	 * @return the message's bytes
	 * @throws Frames.UnreadableBody when the JSON is not such a message
	 */
	byte[] read(Descriptors.Descriptor type, String json) {
		DynamicMessage.Builder message = DynamicMessage.newBuilder(type);
		if (json.isBlank()) {
			return message.build().toByteArray();
		}
		try {
			this.parser.merge(json, message);
		}
		catch (InvalidProtocolBufferException | RuntimeException ex) {
			String reason = String.valueOf(ex.getMessage());
			throw new Frames.UnreadableBody("not a JSON " + type.getFullName() + " ("
					+ ((reason.length() <= REASON_LENGTH) ? reason : reason.substring(0, REASON_LENGTH) + "...") + ")");
		}
		return message.build().toByteArray();
	}

	/**
	 * A request message from an HTTP/JSON request: the body (all of it, or one field's, as the
	 * route says), then the path's variables, then the query's parameters (unless the body is the
	 * whole request), each value read as protobuf's JSON mapping reads that field's type.
	 * @param type the method's request type
	 * @param route the route taken
	 * @param variables the path's variables by field path
	 * @param query the query's parameters by field path
	 * @param body the request body, empty when there is none
	 * @return the message's bytes
	 * @throws Frames.UnreadableBody when a part is not what its field takes
	 */
	byte[] transcode(Descriptors.Descriptor type, HttpRoutes.Route route, Map<String, String> variables,
			Map<String, String[]> query, String body) {
		DynamicMessage.Builder message = DynamicMessage.newBuilder(type);
		if (route.body().equals("*")) {
			merge(message, body, type.getFullName());
		}
		else if (!route.body().isEmpty()) {
			Descriptors.FieldDescriptor field = field(type, route.body());
			merge(message, "{" + quoted(field.getJsonName()) + ":" + (body.isBlank() ? "null" : body) + "}",
					"the body as " + route.body());
		}
		variables.forEach((path, value) -> set(message, type, path, new String[] { value }, "path"));
		if (!route.body().equals("*")) {
			query.forEach((path, values) -> {
				if (!variables.containsKey(path) && !path.equals(route.body())) {
					set(message, type, path, values, "query parameter");
				}
			});
		}
		return message.build().toByteArray();
	}

	private void set(DynamicMessage.Builder message, Descriptors.Descriptor type, String path, String[] values,
			String where) {
		String[] names = path.split("\\.");
		StringBuilder json = new StringBuilder();
		Descriptors.Descriptor at = type;
		Descriptors.FieldDescriptor field = null;
		for (int i = 0; i < names.length; i++) {
			field = field(at, names[i]);
			json.append('{').append(quoted(field.getJsonName())).append(':');
			if (i < names.length - 1) {
				if (field.getJavaType() != Descriptors.FieldDescriptor.JavaType.MESSAGE || field.isRepeated()) {
					throw new Frames.UnreadableBody("the " + where + " " + path + " names no field");
				}
				at = field.getMessageType();
			}
		}
		if (!field.isRepeated() && values.length > 1) {
			throw new Frames.UnreadableBody("the " + where + " " + path + " is given " + values.length + " times");
		}
		StringBuilder value = new StringBuilder(field.isRepeated() ? "[" : "");
		for (int i = 0; i < values.length; i++) {
			value.append((i > 0) ? "," : "").append(literal(field, values[i]));
		}
		json.append(value).append(field.isRepeated() ? "]" : "").append("}".repeat(names.length));
		merge(message, json.toString(), "the " + where + " " + path);
	}

	/** A text from a path or query as the JSON value protobuf's mapping reads for the field. */
	private static String literal(Descriptors.FieldDescriptor field, String text) {
		if (field.getJavaType() == Descriptors.FieldDescriptor.JavaType.BOOLEAN
				&& (text.equals("true") || text.equals("false"))) {
			return text;
		}
		return quoted(text);
	}

	private static Descriptors.FieldDescriptor field(Descriptors.Descriptor type, String name) {
		Descriptors.FieldDescriptor field = type.findFieldByName(name);
		if (field == null) {
			field = type.getFields().stream().filter((candidate) -> candidate.getJsonName().equals(name)).findFirst().orElse(null);
		}
		if (field == null) {
			throw new Frames.UnreadableBody(type.getFullName() + " has no field " + cut(name));
		}
		return field;
	}

	private void merge(DynamicMessage.Builder message, String json, String what) {
		try {
			this.parser.merge(json, message);
		}
		catch (InvalidProtocolBufferException | RuntimeException ex) {
			throw new Frames.UnreadableBody(what + " is not what " + message.getDescriptorForType().getFullName()
					+ " takes (" + cut(String.valueOf(ex.getMessage())) + ")");
		}
	}

	private static String quoted(String text) {
		StringBuilder quoted = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			if (c == '"' || c == '\\') {
				quoted.append('\\').append(c);
			}
			else if (c < 0x20) {
				quoted.append(String.format("\\u%04x", (int) c));
			}
			else {
				quoted.append(c);
			}
		}
		return quoted.append('"').toString();
	}

	private static String cut(String text) {
		return (text.length() <= REASON_LENGTH) ? text : text.substring(0, REASON_LENGTH) + "...";
	}

	/**
	 * A status as {@code google.rpc.Status} JSON: the details the server attached when it did, its
	 * code and message otherwise.
	 * @param status the call's status
	 * @param details the {@code grpc-status-details-bin} trailer, or null
	 * @return the JSON
	 */
	String status(io.grpc.Status status, byte[] details) {
		com.google.rpc.Status rich = null;
		if (details != null) {
			try {
				rich = com.google.rpc.Status.parseFrom(details);
			}
			catch (InvalidProtocolBufferException ex) {
				// Left out: the code and message still say what happened.
			}
		}
		if (rich == null) {
			rich = com.google.rpc.Status.newBuilder()
				.setCode(status.getCode().value())
				.setMessage((status.getDescription() != null) ? status.getDescription() : "")
				.build();
		}
		try {
			return this.printer.print(rich);
		}
		catch (InvalidProtocolBufferException ex) {
			// A detail of a type this server does not know: say the code and message only.
			return "{\"code\":" + status.getCode().value() + ",\"message\":" + quoted(rich.getMessage()) + "}";
		}
	}

	/**
	 * A response message as JSON.
	 * @param type the method's response type
	 * @param bytes the message's bytes, as the server wrote them
	 * @return the JSON
	 */
	String write(Descriptors.Descriptor type, byte[] bytes) {
		return write(type, bytes, "");
	}

	/**
	 * A response message, or one of its message fields, as JSON.
	 * @param type the method's response type
	 * @param bytes the message's bytes, as the server wrote them
	 * @param responseBody the field to answer with (a route's {@code response_body}), or empty
	 * @return the JSON
	 */
	String write(Descriptors.Descriptor type, byte[] bytes, String responseBody) {
		try {
			DynamicMessage message = DynamicMessage.parseFrom(type, bytes);
			Descriptors.FieldDescriptor field = responseBody.isEmpty() ? null : type.findFieldByName(responseBody);
			if (field != null && !field.isRepeated() && field.getJavaType() == Descriptors.FieldDescriptor.JavaType.MESSAGE) {
				return this.printer.print((com.google.protobuf.MessageOrBuilder) message.getField(field));
			}
			return this.printer.print(message);
		}
		catch (InvalidProtocolBufferException ex) {
			// The server wrote these bytes from a message of this very type.
			throw new IllegalStateException("A response of " + type.getFullName() + " does not parse", ex);
		}
	}

}
