package dev.cfg.grpc.proto;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes one generated file, with the numbers {@link FieldNumbers} gives, the same text each time. */
final class ProtoText {

	private ProtoText() {
	}

	static String of(ProtoSchema.File file, FieldNumbers numbers, String javaPackage) {
		StringBuilder text = new StringBuilder();
		text.append("// Written by genproto from the JPA entities of ").append(javaPackage).append(".\n");
		text.append("// Regenerate rather than edit: field numbers are kept from this file, and those of\n");
		text.append("// removed fields are reserved.\n");
		text.append("syntax = \"proto3\";\n\n");
		text.append("package ").append(file.protoPackage()).append(";\n\n");
		for (String imported : file.imports()) {
			text.append("import \"").append(imported).append("\";\n");
		}
		if (!file.imports().isEmpty()) {
			text.append('\n');
		}
		text.append("option java_multiple_files = true;\n");
		text.append("option java_package = \"").append(file.javaPackage()).append("\";\n");
		for (ProtoSchema.Message message : file.messages()) {
			text.append('\n');
			List<Map.Entry<String, String>> keys = new ArrayList<>();
			message.fields().forEach((field) -> keys.add(Map.entry(field.name(), field.label() + field.type())));
			FieldNumbers.Numbering numbering = numbers.message(message.name(), keys);
			message.comments().forEach((line) -> text.append("// ").append(line).append('\n'));
			text.append("// ").append(message.source()).append('\n');
			text.append("message ").append(message.name()).append(" {\n");
			reserved(text, numbering);
			for (ProtoSchema.Field field : message.fields()) {
				field.comments().forEach((line) -> text.append("  // ").append(line).append('\n'));
				text.append("  ")
					.append(field.label())
					.append(field.type())
					.append(' ')
					.append(field.name())
					.append(" = ")
					.append(numbering.numbers().get(field.name()))
					.append(";\n");
			}
			text.append("}\n");
		}
		for (ProtoSchema.Enum enumeration : file.enums()) {
			text.append('\n');
			FieldNumbers.Numbering numbering = numbers.enumeration(enumeration.name(), enumeration.values());
			text.append("enum ").append(enumeration.name()).append(" {\n");
			reserved(text, numbering);
			for (String value : enumeration.values()) {
				text.append("  ").append(value).append(" = ").append(numbering.numbers().get(value)).append(";\n");
			}
			text.append("}\n");
		}
		return text.toString();
	}

	private static void reserved(StringBuilder text, FieldNumbers.Numbering numbering) {
		if (!numbering.reservedNumbers().isEmpty()) {
			text.append("  reserved ")
				.append(numbering.reservedNumbers().stream().map(String::valueOf).collect(Collectors.joining(", ")))
				.append(";\n");
		}
		if (!numbering.reservedNames().isEmpty()) {
			text.append("  reserved ")
				.append(numbering.reservedNames().stream().map((name) -> "\"" + name + "\"").collect(Collectors.joining(", ")))
				.append(";\n");
		}
	}

}
