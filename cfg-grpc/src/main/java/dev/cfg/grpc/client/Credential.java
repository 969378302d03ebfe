package dev.cfg.grpc.client;

import io.grpc.Metadata;

/** What a channel's calls carry to say who makes them. */
@FunctionalInterface
interface Credential {

	/** No credential: anonymous calls. */
	Credential NONE = (headers) -> {
	};

	/**
	 * Adds the credential's headers to a call about to start.
	 * @param headers the call's headers
	 * @throws io.grpc.StatusRuntimeException when no credential can be had (the call then fails
	 * before it is sent)
	 */
	void addTo(Metadata headers);

	/** The same header value on every call: an API key. */
	static Credential fixed(Metadata.Key<String> header, String value) {
		return (headers) -> headers.put(header, value);
	}

}
