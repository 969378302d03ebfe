package dev.cfg.grpc.testapp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

/**
 * Tokens made the way another program would make them: JSON and HMAC by hand, no JWT library.
 */
public final class Tokens {

	/** The secret of the test application (application.properties). */
	public static final String SECRET = "test-secret-key-of-at-least-32-bytes-0123456789";

	private Tokens() {
	}

	/** A JWT with the given header and payload JSON, signed with HMAC-SHA256 (or the named Mac). */
	public static String sign(String headerJson, String payloadJson, String secret, String macAlgorithm) {
		String signingInput = encode(headerJson) + "." + encode(payloadJson);
		try {
			Mac mac = Mac.getInstance(macAlgorithm);
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), macAlgorithm));
			return signingInput + "." + Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** An HS256 token in simplejwt's format. */
	public static String simplejwt(Object userId, String tokenType, long expiresInSeconds) {
		long now = System.currentTimeMillis() / 1000;
		long expires = now + expiresInSeconds;
		// Issued five minutes before it expires, like a real token that has since expired.
		String payload = "{\"token_type\":\"" + tokenType + "\",\"exp\":" + expires + ",\"iat\":" + (expires - 300)
				+ ",\"jti\":\"0f4a7c0e6d0b4c5c9d7c1e2f3a4b5c6d\",\"user_id\":" + json(userId) + "}";
		return sign("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload, SECRET, "HmacSHA256");
	}

	public static String encode(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	private static String json(Object value) {
		return (value instanceof Number) ? value.toString() : "\"" + value + "\"";
	}

	/** A channel that sends {@code authorization: Bearer <token>} on every call. */
	public static Channel bearer(Channel channel, String token) {
		return header(channel, "authorization", "Bearer " + token);
	}

	/** A channel that sends one header on every call. */
	public static Channel header(Channel channel, String name, String value) {
		Metadata headers = new Metadata();
		headers.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value);
		return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
	}

}
