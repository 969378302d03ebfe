package dev.cfg.grpc.log;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.google.protobuf.Descriptors;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Protobuf messages as JSON for the request log: fields whose names match
 * {@code cfg.grpc.logging.redact-fields} (names, or patterns with {@code *} such as
 * {@code *password*}, ignoring case) or marked {@code debug_redact} in the proto have their values
 * replaced, and the text is cut to the configured length.
 */
final class MessageJson {

	static final String REDACTED = "[redacted]";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<NamePattern> patterns;

	private final int maxLength;

	/** Names to redact per message type: the configured ones plus the type's debug_redact fields. */
	private final Map<Descriptors.Descriptor, Set<String>> redactedByType = new ConcurrentHashMap<>();

	private final JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace().preservingProtoFieldNames();

	MessageJson(List<String> redactedNames, int maxLength) {
		this.patterns = redactedNames.stream().map(NamePattern::of).toList();
		this.maxLength = maxLength;
	}

	String toJson(Object message) {
		if (!(message instanceof MessageOrBuilder protobuf)) {
			return null;
		}
		try {
			Set<String> marked = this.redactedByType.computeIfAbsent(protobuf.getDescriptorForType(), (type) -> {
				Set<String> names = new HashSet<>();
				collectDebugRedacted(type, names, new HashSet<>());
				return Set.copyOf(names);
			});
			JsonNode tree = JSON.readTree(this.printer.print(protobuf));
			redact(tree, (name) -> marked.contains(name) || matchesPattern(name));
			String text = JSON.writeValueAsString(tree);
			return (text.length() > this.maxLength) ? text.substring(0, this.maxLength) + "...(truncated)" : text;
		}
		catch (InvalidProtocolBufferException | RuntimeException ex) {
			return "{\"error\":\"message not printable as JSON\"}";
		}
	}

	private static void collectDebugRedacted(Descriptors.Descriptor type, Set<String> names,
			Set<Descriptors.Descriptor> seen) {
		if (!seen.add(type)) {
			return;
		}
		for (Descriptors.FieldDescriptor field : type.getFields()) {
			if (field.getOptions().getDebugRedact()) {
				names.add(field.getJsonName().toLowerCase(java.util.Locale.ROOT));
				names.add(field.getName().toLowerCase(java.util.Locale.ROOT));
			}
			if (field.getJavaType() == Descriptors.FieldDescriptor.JavaType.MESSAGE) {
				collectDebugRedacted(field.getMessageType(), names, seen);
			}
		}
	}

	/** Whether a lower-case name matches a configured name or pattern. */
	private boolean matchesPattern(String name) {
		for (NamePattern pattern : this.patterns) {
			if (pattern.matches(name)) {
				return true;
			}
		}
		return false;
	}

	static boolean matches(String pattern, String name) {
		return NamePattern.of(pattern).matches(name);
	}

	/**
	 * A configured name, read once: {@code *} stands for any run of characters at its start, its
	 * end or both. Matched against lower-case names.
	 */
	private record NamePattern(String core, boolean anyStart, boolean anyEnd) {

		static NamePattern of(String pattern) {
			String lower = pattern.toLowerCase(java.util.Locale.ROOT);
			boolean anyStart = lower.startsWith("*");
			boolean anyEnd = lower.length() > 1 && lower.endsWith("*");
			return new NamePattern(lower.substring(anyStart ? 1 : 0, lower.length() - (anyEnd ? 1 : 0)), anyStart,
					anyEnd);
		}

		boolean matches(String name) {
			if (this.anyStart && this.anyEnd) {
				return name.contains(this.core);
			}
			if (this.anyStart) {
				return name.endsWith(this.core);
			}
			return this.anyEnd ? name.startsWith(this.core) : name.equals(this.core);
		}

	}

	private static void redact(JsonNode node, java.util.function.Predicate<String> secret) {
		if (node instanceof ObjectNode object) {
			for (String name : new java.util.ArrayList<>(object.propertyNames())) {
				if (secret.test(name.toLowerCase(java.util.Locale.ROOT))) {
					object.put(name, REDACTED);
				}
				else {
					redact(object.get(name), secret);
				}
			}
		}
		else if (node != null && node.isArray()) {
			node.forEach((element) -> redact(element, secret));
		}
	}

}
