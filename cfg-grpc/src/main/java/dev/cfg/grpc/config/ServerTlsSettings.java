package dev.cfg.grpc.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * TLS of the gRPC server, through a Spring Boot SSL bundle: either PEM files named here (the
 * bundle {@code cfg-grpc-server} is made of them) or a bundle of the application's own.
 *
 * @param certificate the server's certificate chain, a PEM file (`file:`, `classpath:` or a
 * path); setting it turns TLS on
 * @param privateKey the certificate's private key, a PEM file; required with `certificate`
 * @param trustCertificate the CA certificate(s) client certificates must be signed by, a PEM file;
 * required when `client-auth` is not `none`
 * @param clientAuth client certificates: `none`, `optional` (checked when sent) or `require`
 * @param bundle a `spring.ssl.bundle` to use instead of the files
 * @param clientCertificateUser who a call with a verified client certificate and no token or key
 * is: `none`, or `cn` (the user whose username is the certificate's common name)
 */
public record ServerTlsSettings(String certificate, String privateKey, String trustCertificate,
		@DefaultValue("none") String clientAuth, String bundle, @DefaultValue("none") String clientCertificateUser) {

	private static final String PREFIX = "cfg.grpc.server.tls.";

	public ServerTlsSettings {
		certificate = blankToNull(certificate);
		privateKey = blankToNull(privateKey);
		trustCertificate = blankToNull(trustCertificate);
		bundle = blankToNull(bundle);
		clientAuth = clientAuth.strip().toLowerCase(java.util.Locale.ROOT);
		clientCertificateUser = clientCertificateUser.strip().toLowerCase(java.util.Locale.ROOT);
		Allowed.oneOf(PREFIX + "client-auth", clientAuth, List.of("none", "optional", "require"));
		Allowed.oneOf(PREFIX + "client-certificate-user", clientCertificateUser, List.of("none", "cn"));
		if (certificate != null && bundle != null) {
			throw new CfgGrpcConfigException(
					"cfg.grpc.server.tls.certificate and cfg.grpc.server.tls.bundle are both set.",
					"Name the PEM files or a Spring Boot SSL bundle, not both.");
		}
		if (certificate != null) {
			Allowed.notBlank(PREFIX + "private-key", privateKey);
			readable(PREFIX + "certificate", certificate);
			readable(PREFIX + "private-key", privateKey);
			if (trustCertificate != null) {
				readable(PREFIX + "trust-certificate", trustCertificate);
			}
			if (!"none".equals(clientAuth)) {
				Allowed.notBlank(PREFIX + "trust-certificate", trustCertificate);
			}
		}
		else if (bundle == null && (privateKey != null || trustCertificate != null || !"none".equals(clientAuth))) {
			throw new CfgGrpcConfigException(
					"cfg.grpc.server.tls settings are given without cfg.grpc.server.tls.certificate (or bundle).",
					"Set the server's certificate and private key to turn TLS on.");
		}
		if (!"none".equals(clientCertificateUser) && "none".equals(clientAuth)) {
			throw CfgGrpcConfigException.invalidValue(PREFIX + "client-certificate-user", clientCertificateUser,
					"none while cfg.grpc.server.tls.client-auth is none: no client certificate is asked for");
		}
	}

	/**
	 * Whether the server speaks TLS.
	 * @return true when a certificate or a bundle is set
	 */
	public boolean enabled() {
		return this.certificate != null || this.bundle != null;
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	/** A file named by path or {@code file:} must be there when the server starts. */
	private static void readable(String key, String location) {
		if (location.startsWith("classpath:")) {
			return;
		}
		String path = location.startsWith("file:") ? location.substring("file:".length()) : location;
		if (!java.nio.file.Files.isReadable(java.nio.file.Path.of(path))) {
			throw CfgGrpcConfigException.invalidValue(key, location, "a readable PEM file");
		}
	}

}
