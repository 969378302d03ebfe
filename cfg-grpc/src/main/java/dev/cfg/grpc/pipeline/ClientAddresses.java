package dev.cfg.grpc.pipeline;

import java.net.InetAddress;
import java.util.List;

import io.grpc.Metadata;

import dev.cfg.grpc.config.internal.AddressRange;

/**
 * Tells a call's client address. A client can write any header, so {@code x-forwarded-for} and
 * {@code x-real-ip} are believed only on connections from a trusted proxy; and then
 * {@code x-forwarded-for} is read from its end, skipping the trusted proxies, so the address taken
 * is the one the last trusted proxy saw, not one a client put at the front of the list.
 */
final class ClientAddresses {

	private static final Metadata.Key<String> FORWARDED_FOR = Metadata.Key.of("x-forwarded-for",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final Metadata.Key<String> REAL_IP = Metadata.Key.of("x-real-ip", Metadata.ASCII_STRING_MARSHALLER);

	/** Addresses in a header beyond this are not read: a proxy chain is never that long. */
	private static final int MAX_HOPS = 20;

	private final List<AddressRange> trusted;

	ClientAddresses(List<AddressRange> trusted) {
		this.trusted = List.copyOf(trusted);
	}

	/**
	 * The client's address as text.
	 * @param connection the address the connection comes from
	 * @param headers the call's headers
	 * @return the forwarded address when the connection is a trusted proxy's and names one,
	 * otherwise the connection's
	 */
	String client(InetAddress connection, Metadata headers) {
		String direct = connection.getHostAddress();
		if (this.trusted.isEmpty() || !isTrusted(connection)) {
			return direct;
		}
		String forwarded = headers.get(FORWARDED_FOR);
		if (forwarded != null) {
			String[] hops = forwarded.split(",");
			for (int i = hops.length - 1; i >= Math.max(0, hops.length - MAX_HOPS); i--) {
				InetAddress hop = AddressRange.address(hops[i]);
				if (hop == null) {
					// Not an address: what lies before it cannot be told apart from a client's invention.
					return direct;
				}
				if (!isTrusted(hop) || i == 0) {
					return hop.getHostAddress();
				}
			}
			return direct;
		}
		InetAddress real = AddressRange.address(headers.get(REAL_IP));
		return (real != null) ? real.getHostAddress() : direct;
	}

	private boolean isTrusted(InetAddress address) {
		for (AddressRange range : this.trusted) {
			if (range.contains(address)) {
				return true;
			}
		}
		return false;
	}

}
