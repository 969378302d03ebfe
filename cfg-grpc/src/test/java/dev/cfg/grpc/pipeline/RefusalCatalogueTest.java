package dev.cfg.grpc.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status catalogue is the one place a refusal's code and wording are written: docs/errors.md
 * prints the same table, and no other main source spells a status message.
 */
class RefusalCatalogueTest {

	private static final Pattern ROW = Pattern.compile("^\\| `([A-Z_]+)` \\| ([A-Z_]+) \\| (.+?) \\| .+ \\|$");

	@Test
	void theDocumentedTableIsTheCatalogue() throws IOException {
		Map<String, List<String>> documented = new LinkedHashMap<>();
		for (String line : Files.readAllLines(Path.of("..", "docs", "errors.md"))) {
			Matcher row = ROW.matcher(line);
			if (row.matches()) {
				documented.put(row.group(1), List.of(row.group(2), row.group(3).replace("\\|", "|")));
			}
		}
		Map<String, List<String>> catalogue = new LinkedHashMap<>();
		for (Refusal refusal : Refusal.values()) {
			catalogue.put(refusal.name(), List.of(refusal.code().name(), refusal.pattern()));
		}
		assertThat(documented).containsExactlyEntriesOf(catalogue);
	}

	@Test
	void eachConditionHasItsOwnWording() {
		assertThat(Stream.of(Refusal.values()).map(Refusal::pattern)).doesNotHaveDuplicates();
	}

	@Test
	void noOtherMainSourceWritesAStatusMessage() throws IOException {
		Pattern literal = Pattern.compile("Status\\.[A-Z_]+\\s*\\.withDescription\\(\\s*\"");
		try (Stream<Path> sources = Files.walk(Path.of("src", "main", "java"))) {
			List<String> spelled = sources.filter((path) -> path.toString().endsWith(".java"))
				.filter((path) -> !path.endsWith("Refusal.java"))
				.filter((path) -> {
					try {
						return literal.matcher(Files.readString(path)).find();
					}
					catch (IOException ex) {
						throw new IllegalStateException(ex);
					}
				})
				.map(Path::toString)
				.toList();
			assertThat(spelled).isEmpty();
		}
	}

	@Test
	void internalCarriesTheRequestIdTwice() {
		StatusRuntimeException internal = Refusal.internal("0190-abc");
		assertThat(internal.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(internal.getStatus().getDescription()).isEqualTo("Internal server error (request_id 0190-abc)");
		com.google.rpc.Status details = StatusProto.fromThrowable(internal);
		assertThat(details).isNotNull();
		assertThat(details.getDetailsList()).singleElement().satisfies((any) -> {
			ErrorInfo info = any.unpack(ErrorInfo.class);
			assertThat(info.getDomain()).isEqualTo("cfg-grpc");
			assertThat(info.getMetadataMap()).containsEntry("request_id", "0190-abc");
		});
	}

	@Test
	void factsFillThePattern() {
		assertThat(Refusal.RESPONSE_TOO_LARGE.message(5_000_000, 4_194_304))
			.isEqualTo("Response message is 5000000 bytes, larger than the server's limit of 4194304 bytes");
		assertThat(Refusal.METHOD_NOT_FOUND.exception("a.B/C").getStatus().getDescription())
			.isEqualTo("Method not found: a.B/C");
	}

}
