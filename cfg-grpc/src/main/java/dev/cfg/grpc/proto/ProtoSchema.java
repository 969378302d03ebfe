package dev.cfg.grpc.proto;

import java.util.List;

/** The parts of a generated {@code .proto} file, before numbers are given and text is written. */
final class ProtoSchema {

	private ProtoSchema() {
	}

	/**
	 * One file: the messages and enums of one Java package.
	 * @param path where it goes below the output folder, for example {@code api/products/entities.proto}
	 * @param protoPackage for example {@code api.products}
	 * @param javaPackage the Java package its classes are generated into
	 * @param imports other files it needs
	 * @param messages its messages, by name
	 * @param enums its enums, by name
	 */
	record File(String path, String protoPackage, String javaPackage, List<String> imports, List<Message> messages,
			List<Enum> enums) {
	}

	/**
	 * A message: an entity or an embeddable.
	 * @param name the entity's simple class name
	 * @param source the class it comes from, for a comment
	 * @param comments the class's Javadoc, when its source was found
	 * @param fields its fields, in the order they are written (numbers are given later)
	 */
	record Message(String name, String source, List<String> comments, List<Field> fields) {
	}

	/**
	 * A field before it has a number.
	 * @param name snake_case
	 * @param type a scalar, a well-known type or a message or enum name
	 * @param label {@code ""}, {@code "optional "} or {@code "repeated "}
	 * @param comments the attribute's Javadoc, then what the proto type stands for when not plain
	 */
	record Field(String name, String type, String label, List<String> comments) {
	}

	/**
	 * An enum: its values in Java's order, after an {@code _UNSPECIFIED} zero value.
	 * @param name the Java enum's simple name
	 * @param values the constants' names
	 */
	record Enum(String name, List<String> values) {
	}

}
