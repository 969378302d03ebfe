package dev.cfg.grpc.proto;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numbers a file generated before gave its fields and enum values, and what it reserved, so
 * that the next generation keeps them: a field keeps its number while its name, type and label
 * stay; a new field takes a number never used in its message; a removed field leaves its number
 * and name reserved; a field whose type changed gets a new number and leaves the old one reserved,
 * so an old reader never decodes new bytes as the old type.
 */
final class FieldNumbers {

	private static final Pattern BLOCK = Pattern.compile("^(message|enum) (\\w+) \\{");

	private static final Pattern FIELD = Pattern.compile("^\\s+((?:optional |repeated )?)([\\w.]+) (\\w+) = (\\d+);");

	private static final Pattern VALUE = Pattern.compile("^\\s+(\\w+) = (-?\\d+);");

	private static final Pattern RESERVED = Pattern.compile("^\\s+reserved (.+);");

	/** Numbers protobuf keeps for itself. */
	private static final int FIRST_RESERVED_BY_PROTOBUF = 19000;

	private static final int LAST_RESERVED_BY_PROTOBUF = 19999;

	private final Map<String, Block> blocks;

	private FieldNumbers(Map<String, Block> blocks) {
		this.blocks = blocks;
	}

	/** Nothing generated before. */
	static FieldNumbers none() {
		return new FieldNumbers(Map.of());
	}

	/**
	 * Reads a file this package wrote (messages and enums at the top level, one field per line).
	 * @param text the file
	 * @return what it numbered and reserved
	 */
	static FieldNumbers read(String text) {
		Map<String, Block> blocks = new HashMap<>();
		Block current = null;
		for (String line : text.split("\n")) {
			Matcher start = BLOCK.matcher(line);
			if (start.find()) {
				current = new Block(start.group(1).equals("enum"));
				blocks.put(start.group(1) + " " + start.group(2), current);
				continue;
			}
			if (current == null) {
				continue;
			}
			if (line.startsWith("}")) {
				current = null;
				continue;
			}
			Matcher reserved = RESERVED.matcher(line);
			if (reserved.find()) {
				for (String part : reserved.group(1).split(",")) {
					String item = part.strip();
					if (item.startsWith("\"")) {
						current.reservedNames.add(item.substring(1, item.length() - 1));
					}
					else {
						current.reservedNumbers.add(Integer.parseInt(item));
					}
				}
				continue;
			}
			Matcher field = current.isEnum ? null : FIELD.matcher(line);
			if (field != null && field.find()) {
				current.numbers.put(field.group(3), new Numbered(field.group(1) + field.group(2), Integer.parseInt(field.group(4))));
				continue;
			}
			Matcher value = current.isEnum ? VALUE.matcher(line) : null;
			if (value != null && value.find()) {
				current.numbers.put(value.group(1), new Numbered("", Integer.parseInt(value.group(2))));
			}
		}
		return new FieldNumbers(blocks);
	}

	/**
	 * Numbers for a message's fields, in their order.
	 * @param message the message's name
	 * @param fields name and label-and-type of each field
	 * @return the numbers and what stays reserved
	 */
	Numbering message(String message, List<Map.Entry<String, String>> fields) {
		return number(this.blocks.getOrDefault("message " + message, new Block(false)), fields, 1);
	}

	/**
	 * Numbers for an enum's values; the first (the {@code _UNSPECIFIED} value) is always 0.
	 * @param name the enum's name
	 * @param values its values' names, the zero value first
	 * @return the numbers and what stays reserved
	 */
	Numbering enumeration(String name, List<String> values) {
		List<Map.Entry<String, String>> entries = new ArrayList<>();
		values.forEach((value) -> entries.add(Map.entry(value, "")));
		return number(this.blocks.getOrDefault("enum " + name, new Block(true)), entries, 0);
	}

	private static Numbering number(Block old, List<Map.Entry<String, String>> fields, int first) {
		TreeSet<Integer> used = new TreeSet<>(old.reservedNumbers);
		old.numbers.values().forEach((numbered) -> used.add(numbered.number()));
		TreeSet<Integer> reservedNumbers = new TreeSet<>(old.reservedNumbers);
		TreeSet<String> reservedNames = new TreeSet<>(old.reservedNames);
		Map<String, Integer> numbers = new LinkedHashMap<>();
		List<Map.Entry<String, String>> fresh = new ArrayList<>();
		for (Map.Entry<String, String> field : fields) {
			Numbered before = old.numbers.get(field.getKey());
			if (before != null && before.type().equals(field.getValue())) {
				numbers.put(field.getKey(), before.number());
			}
			else {
				fresh.add(field);
			}
		}
		old.numbers.forEach((name, numbered) -> {
			if (!numbers.containsKey(name)) {
				reservedNumbers.add(numbered.number());
				reservedNames.add(name);
			}
		});
		int next = Math.max(first, used.isEmpty() ? first : used.last() + 1);
		for (Map.Entry<String, String> field : fresh) {
			if (numbers.isEmpty() && first == 0 && !used.contains(0)) {
				next = 0;
			}
			if (next >= FIRST_RESERVED_BY_PROTOBUF && next <= LAST_RESERVED_BY_PROTOBUF) {
				next = LAST_RESERVED_BY_PROTOBUF + 1;
			}
			numbers.put(field.getKey(), next++);
		}
		// A name in use again (re-added, or kept with a new type) cannot also be reserved.
		reservedNames.removeAll(numbers.keySet());
		return new Numbering(numbers, List.copyOf(reservedNumbers), List.copyOf(reservedNames));
	}

	/**
	 * What a message or enum gets.
	 * @param numbers each field's or value's number, by name
	 * @param reservedNumbers numbers no field may take again
	 * @param reservedNames names no field may take again
	 */
	record Numbering(Map<String, Integer> numbers, List<Integer> reservedNumbers, List<String> reservedNames) {
	}

	private record Numbered(String type, int number) {
	}

	private static final class Block {

		final boolean isEnum;

		final Map<String, Numbered> numbers = new LinkedHashMap<>();

		final TreeSet<Integer> reservedNumbers = new TreeSet<>();

		final TreeSet<String> reservedNames = new TreeSet<>();

		Block(boolean isEnum) {
			this.isEnum = isEnum;
		}

	}

}
