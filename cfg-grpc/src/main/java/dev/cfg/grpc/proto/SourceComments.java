package dev.cfg.grpc.proto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Javadoc of entity classes and their fields, read from their source files when the source
 * folder is at hand (compiled classes keep none): {@code genproto} copies it into the messages as
 * comments. A class whose source is not found simply gets none.
 */
final class SourceComments {

	/** A Javadoc block, then annotations, then a declaration; group 1 the text, group 2 what is declared. */
	private static final Pattern DOCUMENTED = Pattern.compile(
			"/\\*\\*(.*?)\\*/\\s*(?:@[\\w.]+(?:\\([^)]*\\))?\\s*)*((?:public |protected |private |static |final |abstract )*"
					+ "(?:class|enum|record|interface) \\w+|[\\w<>\\[\\], .?]+?\\s+\\w+\\s*(?:=[^;]*)?;)",
			Pattern.DOTALL);

	private static final Pattern DECLARED_NAME = Pattern.compile("(\\w+)\\s*(?:=[^;]*)?;$|(?:class|enum|record|interface) (\\w+)$");

	private final Path root;

	private final Map<Class<?>, Map<String, String>> read = new HashMap<>();

	private SourceComments(Path root) {
		this.root = root;
	}

	/** Reads from a source folder such as {@code src/main/java}; none when it is null or missing. */
	static SourceComments in(Path root) {
		return new SourceComments((root != null && Files.isDirectory(root)) ? root : null);
	}

	/** The class's Javadoc, as lines. */
	Optional<List<String>> ofClass(Class<?> type) {
		return Optional.ofNullable(comments(type).get("class " + type.getSimpleName())).map(SourceComments::lines);
	}

	/** A field's Javadoc, as lines. */
	Optional<List<String>> ofField(Class<?> type, String field) {
		return Optional.ofNullable(comments(type).get(field)).map(SourceComments::lines);
	}

	private Map<String, String> comments(Class<?> type) {
		return this.read.computeIfAbsent(type, this::parse);
	}

	private Map<String, String> parse(Class<?> type) {
		Map<String, String> comments = new HashMap<>();
		if (this.root == null || type.getEnclosingClass() != null) {
			return comments;
		}
		Path source = this.root.resolve(type.getName().replace('.', '/') + ".java");
		if (!Files.isRegularFile(source)) {
			return comments;
		}
		String text;
		try {
			text = Files.readString(source);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Matcher documented = DOCUMENTED.matcher(text);
		while (documented.find()) {
			String declaration = documented.group(2).strip();
			Matcher name = DECLARED_NAME.matcher(declaration);
			if (!name.find()) {
				continue;
			}
			String key = (name.group(2) != null) ? "class " + name.group(2) : name.group(1);
			comments.put(key, documented.group(1));
		}
		return comments;
	}

	/** The text of a Javadoc block without its stars, tags and markup, one list item per line. */
	private static List<String> lines(String javadoc) {
		return javadoc.lines()
			.map((line) -> line.strip().replaceFirst("^\\*\\s?", ""))
			.takeWhile((line) -> !line.startsWith("@"))
			.map((line) -> line.replaceAll("\\{@(?:code|link|linkplain|literal) ([^}]*)}", "$1").replaceAll("<[^>]+>", ""))
			.map(String::strip)
			.filter((line) -> !line.isEmpty())
			.toList();
	}

}
