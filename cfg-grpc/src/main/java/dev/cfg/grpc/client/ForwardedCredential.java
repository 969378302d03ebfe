package dev.cfg.grpc.client;

import io.grpc.Metadata;

import dev.cfg.grpc.pipeline.CallContext;

/**
 * The credential of the call being served, passed on: the token header when the caller sent one,
 * otherwise its API key. Outside a served call (a scheduled job, another thread the call's gRPC
 * context did not follow) nothing is forwarded and the call goes out anonymous.
 */
final class ForwardedCredential implements Credential {

	private final Metadata.Key<String> tokenHeader;

	private final Metadata.Key<String> apiKeyHeader;

	ForwardedCredential(String tokenHeader, String apiKeyHeader) {
		this.tokenHeader = Metadata.Key.of(tokenHeader, Metadata.ASCII_STRING_MARSHALLER);
		this.apiKeyHeader = Metadata.Key.of(apiKeyHeader, Metadata.ASCII_STRING_MARSHALLER);
	}

	@Override
	public void addTo(Metadata headers) {
		CallContext.current().ifPresent((call) -> {
			String token = call.header(this.tokenHeader).orElse(null);
			if (token != null) {
				headers.put(this.tokenHeader, token);
				return;
			}
			call.header(this.apiKeyHeader).ifPresent((key) -> headers.put(this.apiKeyHeader, key));
		});
	}

}
