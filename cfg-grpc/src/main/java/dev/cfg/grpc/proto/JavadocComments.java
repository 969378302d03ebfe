package dev.cfg.grpc.proto;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.therapi.runtimejavadoc.ClassJavadoc;
import com.github.therapi.runtimejavadoc.Comment;
import com.github.therapi.runtimejavadoc.CommentElement;
import com.github.therapi.runtimejavadoc.CommentText;
import com.github.therapi.runtimejavadoc.FieldJavadoc;
import com.github.therapi.runtimejavadoc.InlineLink;
import com.github.therapi.runtimejavadoc.InlineTag;
import com.github.therapi.runtimejavadoc.Link;
import com.github.therapi.runtimejavadoc.RuntimeJavadoc;

/**
 * The Javadoc of entity classes and their fields, as the application's build kept it beside the
 * classes (compiled classes keep none): the therapi-runtime-javadoc annotation processor writes
 * each class's Javadoc into a resource of the jar, read here with its runtime library, so
 * {@code genproto} copies it into the messages as comments wherever it runs, from the jar too. A
 * class compiled without the processor simply gets none.
 */
final class JavadocComments {

	/** Each class's Javadoc, read once: a resource to open and parse, asked for once per field. */
	private final Map<Class<?>, ClassJavadoc> read = new HashMap<>();

	/** The class's Javadoc, as lines; empty when the build kept none. */
	Optional<List<String>> ofClass(Class<?> type) {
		return nonEmpty(lines(javadoc(type).getComment()));
	}

	/** A field's Javadoc, as lines; empty when the build kept none. */
	Optional<List<String>> ofField(Class<?> type, String field) {
		return javadoc(type).getFields()
			.stream()
			.filter((javadoc) -> javadoc.getName().equals(field))
			.findFirst()
			.map(FieldJavadoc::getComment)
			.flatMap((comment) -> nonEmpty(lines(comment)));
	}

	private ClassJavadoc javadoc(Class<?> type) {
		return this.read.computeIfAbsent(type, RuntimeJavadoc::getJavadoc);
	}

	private static Optional<List<String>> nonEmpty(List<String> lines) {
		return lines.isEmpty() ? Optional.empty() : Optional.of(lines);
	}

	/**
	 * A comment's text without its markup, line by line as it was written: {@code code},
	 * {@code literal} and {@code link} tags give their text, HTML tags go, blank lines go.
	 */
	static List<String> lines(Comment comment) {
		StringBuilder text = new StringBuilder();
		for (CommentElement element : comment) {
			if (element instanceof CommentText plain) {
				text.append(plain.getValue());
			}
			else if (element instanceof InlineLink link) {
				text.append(label(link.getLink()));
			}
			else if (element instanceof InlineTag tag) {
				text.append(tag.getValue());
			}
		}
		List<String> lines = new ArrayList<>();
		for (String line : text.toString().replaceAll("<[^>]+>", "").split("\n")) {
			String stripped = line.strip();
			if (!stripped.isEmpty()) {
				lines.add(stripped);
			}
		}
		return List.copyOf(lines);
	}

	private static String label(Link link) {
		if (link.getLabel() != null && !link.getLabel().isBlank()) {
			return link.getLabel();
		}
		String type = link.getReferencedClassName();
		String member = link.getReferencedMemberName();
		String simple = (type != null) ? type.substring(type.lastIndexOf('.') + 1) : "";
		return (member != null) ? (simple.isEmpty() ? member : simple + "." + member) : simple;
	}

}
