package dev.cfg.grpc.log;

import java.util.List;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import dev.cfg.grpc.config.CfgGrpcProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** Secrets are found by pattern, at any depth, whatever the case of their names. */
class MessageJsonTest {

	/** The default patterns, as binding an empty configuration gives them. */
	private static final List<String> DEFAULTS = new Binder(new MapConfigurationPropertySource())
		.bindOrCreate("cfg.grpc", Bindable.of(CfgGrpcProperties.class))
		.logging()
		.redactFields();

	@Test
	void theDefaultPatternsRedactSecretsByAnyNameThatContainsTheirWord() {
		Struct nested = Struct.newBuilder().putFields("refresh_token", text("r-123")).putFields("city", text("Oslo")).build();
		Struct message = Struct.newBuilder()
			.putFields("new_password", text("hunter2"))
			.putFields("accessToken", text("eyJ.x.y"))
			.putFields("Client_Secret", text("s3"))
			.putFields("apiKey", text("k-1"))
			.putFields("Authorization", text("Bearer z"))
			.putFields("username", text("alice"))
			.putFields("address", Value.newBuilder().setStructValue(nested).build())
			.build();
		String json = new MessageJson(DEFAULTS, 10_000).toJson(message);
		assertThat(json).doesNotContain("hunter2", "eyJ.x.y", "s3\"", "k-1", "Bearer z", "r-123")
			.contains("\"username\":\"alice\"", "\"city\":\"Oslo\"", "\"new_password\":\"[redacted]\"");
	}

	@Test
	void patternsMatchAtTheStartTheEndBothOrExactly() {
		assertThat(MessageJson.matches("*token*", "access_token_hint")).isTrue();
		assertThat(MessageJson.matches("*token", "access_token")).isTrue();
		assertThat(MessageJson.matches("*token", "token_count")).isFalse();
		assertThat(MessageJson.matches("pass*", "passphrase")).isTrue();
		assertThat(MessageJson.matches("pin", "pin")).isTrue();
		assertThat(MessageJson.matches("pin", "spin")).isFalse();
	}

	private static Value text(String value) {
		return Value.newBuilder().setStringValue(value).build();
	}

}
