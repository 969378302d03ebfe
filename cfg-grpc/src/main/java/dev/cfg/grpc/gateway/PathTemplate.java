package dev.cfg.grpc.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A path template of a {@code google.api.http} rule: literal segments, {@code *} (one segment),
 * {@code **} (the rest), and variables {@code {field}} or {@code {field=sub/*}} that bind the
 * segments they cover to a field of the request, with an optional {@code :verb} at the end.
 */
final class PathTemplate {

	private final String text;

	private final List<Segment> segments;

	private final String verb;

	private PathTemplate(String text, List<Segment> segments, String verb) {
		this.text = text;
		this.segments = segments;
		this.verb = verb;
	}

	/**
	 * Reads a template.
	 * @param template for example {@code /v1/{name=shelves/*}/books}
	 * @return the template
	 * @throws IllegalArgumentException when it is not one
	 */
	static PathTemplate parse(String template) {
		if (!template.startsWith("/")) {
			throw new IllegalArgumentException("a path template starts with /: " + template);
		}
		String path = template.substring(1);
		String verb = null;
		int colon = path.lastIndexOf(':');
		if (colon > path.lastIndexOf('}') && colon > path.lastIndexOf('/')) {
			verb = path.substring(colon + 1);
			path = path.substring(0, colon);
		}
		List<Segment> segments = new ArrayList<>();
		int at = 0;
		while (at < path.length()) {
			if (path.charAt(at) == '{') {
				int end = path.indexOf('}', at);
				if (end < 0) {
					throw new IllegalArgumentException("an unclosed variable in " + template);
				}
				String variable = path.substring(at + 1, end);
				int equals = variable.indexOf('=');
				String field = (equals < 0) ? variable : variable.substring(0, equals);
				List<String> pattern = (equals < 0) ? List.of("*") : List.of(variable.substring(equals + 1).split("/"));
				for (int i = 0; i < pattern.size(); i++) {
					segments.add(new Segment(pattern.get(i), field, i == 0, i == pattern.size() - 1));
				}
				at = end + 1;
			}
			else {
				int end = path.indexOf('/', at);
				end = (end < 0) ? path.length() : end;
				segments.add(new Segment(path.substring(at, end), null, false, false));
				at = end;
			}
			if (at < path.length()) {
				if (path.charAt(at) != '/') {
					throw new IllegalArgumentException("a variable must fill whole segments in " + template);
				}
				at++;
			}
		}
		return new PathTemplate(template, List.copyOf(segments), verb);
	}

	/**
	 * The fields the template's variables bind.
	 * @return their paths, in the template's order
	 */
	Set<String> variables() {
		Set<String> fields = new LinkedHashSet<>();
		this.segments.stream().filter((segment) -> segment.field() != null).forEach((segment) -> fields.add(segment.field()));
		return fields;
	}

	/** The first segment when it is a literal, for telling which paths are transcoded ones. */
	String firstLiteral() {
		Segment first = this.segments.isEmpty() ? null : this.segments.get(0);
		return (first != null && first.field() == null && !first.pattern().startsWith("*")) ? first.pattern() : null;
	}

	/**
	 * Matches a path.
	 * @param path the request's path, still percent-encoded
	 * @return the variables by field path (decoded), or null when the path does not match
	 */
	Map<String, String> match(String path) {
		if (!path.startsWith("/")) {
			return null;
		}
		String rest = path.substring(1);
		if (this.verb != null) {
			if (!rest.endsWith(":" + this.verb)) {
				return null;
			}
			rest = rest.substring(0, rest.length() - this.verb.length() - 1);
		}
		String[] parts = rest.isEmpty() ? new String[0] : rest.split("/", -1);
		Map<String, String> variables = new LinkedHashMap<>();
		Map<String, StringBuilder> building = new LinkedHashMap<>();
		int at = 0;
		for (Segment segment : this.segments) {
			String value;
			if (segment.pattern().equals("**")) {
				if (at > parts.length) {
					return null;
				}
				value = String.join("/", java.util.Arrays.copyOfRange(parts, at, parts.length));
				at = parts.length;
			}
			else {
				if (at >= parts.length || parts[at].isEmpty()) {
					return null;
				}
				value = parts[at++];
				if (!segment.pattern().equals("*") && !segment.pattern().equals(value)) {
					return null;
				}
			}
			if (segment.field() != null) {
				StringBuilder bound = building.computeIfAbsent(segment.field(), (name) -> new StringBuilder());
				if (!segment.first()) {
					bound.append('/');
				}
				bound.append(value);
			}
		}
		if (at != parts.length) {
			return null;
		}
		building.forEach((field, value) -> variables.put(field, decode(value.toString())));
		return variables;
	}

	private static String decode(String text) {
		return java.net.URLDecoder.decode(text.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return this.text;
	}

	/**
	 * One segment of the template.
	 * @param pattern a literal, {@code *} or {@code **}
	 * @param field the variable it binds, or null
	 * @param first whether it is the first segment of its variable
	 * @param last whether it is the last segment of its variable
	 */
	private record Segment(String pattern, String field, boolean first, boolean last) {
	}

}
