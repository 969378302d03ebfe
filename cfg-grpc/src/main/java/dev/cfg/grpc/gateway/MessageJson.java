package dev.cfg.grpc.gateway;

import java.util.LinkedHashSet;
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
	 * A response message as JSON.
	 * @param type the method's response type
	 * @param bytes the message's bytes, as the server wrote them
	 * @return the JSON
	 */
	String write(Descriptors.Descriptor type, byte[] bytes) {
		try {
			return this.printer.print(DynamicMessage.parseFrom(type, bytes));
		}
		catch (InvalidProtocolBufferException ex) {
			// The server wrote these bytes from a message of this very type.
			throw new IllegalStateException("A response of " + type.getFullName() + " does not parse", ex);
		}
	}

}
