package dev.cfg.grpc.auth;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;

import dev.cfg.grpc.config.CfgGrpcConfigException;
import dev.cfg.grpc.config.CfgGrpcProperties;

/**
 * The key material tokens are verified (and, for HS*, signed) with, taken from the settings.
 * Without any HS* secret the {@code dev} profile makes one up, warns, and tokens last until the
 * process ends; every other profile refuses to start, naming the setting to add.
 */
final class SigningKeys {

	private static final Log logger = LogFactory.getLog(SigningKeys.class);

	private SigningKeys() {
	}

	static SecretKey secret(CfgGrpcProperties.Auth auth, Environment environment) {
		String secret = auth.jwtSecretKey();
		String key = "cfg.grpc.auth.jwt-secret-key";
		if (secret == null || secret.isEmpty()) {
			secret = environment.getProperty("cfg.secret-key");
			key = "cfg.secret-key";
		}
		String algorithm = "Hmac" + auth.jwtAlgorithm().replace("HS", "SHA");
		int minimumBytes = Integer.parseInt(auth.jwtAlgorithm().substring(2)) / 8;
		if (secret == null || secret.isEmpty()) {
			if (environment.acceptsProfiles(Profiles.of("dev"))) {
				byte[] random = new byte[64];
				new SecureRandom().nextBytes(random);
				logger.warn("No cfg.grpc.auth.jwt-secret-key or cfg.secret-key is set: the dev profile signs tokens "
						+ "with a random key, so tokens stop working when the process ends. Set one of them outside dev.");
				return new SecretKeySpec(Arrays.copyOf(random, Math.max(minimumBytes, 32)), algorithm);
			}
			throw new CfgGrpcConfigException(
					"No key to verify tokens with: cfg.grpc.auth.jwt-secret-key and cfg.secret-key are both unset.",
					"Set cfg.secret-key (or cfg.grpc.auth.jwt-secret-key) to a random string of at least "
							+ minimumBytes + " characters, or turn auth off with cfg.grpc.auth.enabled=false.");
		}
		byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
		if (bytes.length < minimumBytes) {
			throw CfgGrpcConfigException.invalidValue(key, "(" + bytes.length + " bytes, not shown)",
					"a secret of at least " + minimumBytes + " bytes for " + auth.jwtAlgorithm());
		}
		return new SecretKeySpec(bytes, algorithm);
	}

	static JWK publicKey(CfgGrpcProperties.Auth auth) {
		String key = "cfg.grpc.auth.jwt-public-key";
		String text = auth.jwtPublicKey().strip();
		try {
			if (!text.startsWith("-----BEGIN")) {
				Resource resource = new DefaultResourceLoader().getResource(text);
				text = resource.getContentAsString(StandardCharsets.UTF_8);
			}
			String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
			byte[] der = Base64.getDecoder().decode(base64);
			boolean rsa = auth.jwtAlgorithm().startsWith("RS");
			PublicKey publicKey = KeyFactory.getInstance(rsa ? "RSA" : "EC").generatePublic(new X509EncodedKeySpec(der));
			if (publicKey instanceof RSAPublicKey rsaKey) {
				return new RSAKey.Builder(rsaKey).build();
			}
			ECPublicKey ecKey = (ECPublicKey) publicKey;
			return new ECKey.Builder(Curve.forECParameterSpec(ecKey.getParams()), ecKey).build();
		}
		catch (Exception ex) {
			throw CfgGrpcConfigException.invalidValue(key, abbreviate(auth.jwtPublicKey()),
					"a PEM public key (-----BEGIN PUBLIC KEY-----) for " + auth.jwtAlgorithm()
							+ ", or the location of one (" + ex.getClass().getSimpleName() + ")");
		}
	}

	private static String abbreviate(String text) {
		String oneLine = text.strip().replaceAll("\\s+", " ");
		return (oneLine.length() > 40) ? oneLine.substring(0, 40) + "..." : oneLine;
	}

}
