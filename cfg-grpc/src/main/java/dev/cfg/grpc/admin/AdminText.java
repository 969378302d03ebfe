package dev.cfg.grpc.admin;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.grpc.Metadata;

/** How metadata is shown: text keys only, credentials never. */
final class AdminText {

	/** Keys whose values are never shown or sent from a page. */
	static final Set<String> SECRET_KEYS = Set.of("authorization", "x-api-key", "cookie", "set-cookie",
			"proxy-authorization");

	private AdminText() {
	}

	static Map<String, String> printable(Metadata metadata) {
		Map<String, String> shown = new TreeMap<>();
		for (String key : metadata.keys()) {
			if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
				shown.put(key, "(binary)");
			}
			else if (SECRET_KEYS.contains(key.toLowerCase(Locale.ROOT))) {
				shown.put(key, "(hidden)");
			}
			else {
				Iterable<String> values = metadata.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
				shown.put(key, (values != null) ? String.join(", ", values) : "");
			}
		}
		return shown;
	}

}
