package dev.cfg.grpc.auth;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.grpc.Attributes;
import io.grpc.Grpc;

/**
 * The client certificate of a call over TLS. The handshake has already checked it against
 * {@code cfg.grpc.server.tls.trust-certificate}: a certificate the server does not trust never
 * gets this far.
 */
final class ClientCertificates {

	/** Longer common names are not usernames (the user store's column holds 150). */
	private static final int MAX_NAME = 150;

	private ClientCertificates() {
	}

	/**
	 * The common name (CN) of the subject of the client's certificate.
	 * @param attributes the call's transport attributes
	 * @return the name, or empty without TLS, without a client certificate, or without a CN
	 */
	static Optional<String> commonName(Attributes attributes) {
		SSLSession session = attributes.get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
		if (session == null) {
			return Optional.empty();
		}
		try {
			Certificate[] chain = session.getPeerCertificates();
			if (chain.length == 0 || !(chain[0] instanceof X509Certificate certificate)) {
				return Optional.empty();
			}
			java.util.List<Rdn> rdns = new LdapName(certificate.getSubjectX500Principal().getName()).getRdns();
			// The list runs from the least specific part of the name to the most: read it backwards.
			for (int i = rdns.size() - 1; i >= 0; i--) {
				Rdn rdn = rdns.get(i);
				if ("CN".equalsIgnoreCase(rdn.getType()) && rdn.getValue() instanceof String name
						&& !name.isBlank() && name.length() <= MAX_NAME) {
					return Optional.of(name);
				}
			}
			return Optional.empty();
		}
		catch (SSLPeerUnverifiedException | InvalidNameException ex) {
			return Optional.empty();
		}
	}

}
