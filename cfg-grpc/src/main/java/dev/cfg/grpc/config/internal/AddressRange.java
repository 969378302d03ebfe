package dev.cfg.grpc.config.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An IP address or a CIDR range ({@code 10.0.0.0/8}, {@code fd00::/8}), as
 * {@code cfg.grpc.server.trusted-proxies} lists them. Only literal addresses are accepted: a host
 * name would need a DNS lookup at startup and could change under the server.
 */
public final class AddressRange {

	/** The longest address written out: an IPv6 address with an IPv4 tail, in brackets. */
	private static final int MAX_LITERAL = 47;

	/** Read for every hop of a forwarded header on a proxy's calls: compiled once. */
	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.\\[\\]]+");

	private final byte[] network;

	private final int prefixLength;

	private AddressRange(byte[] network, int prefixLength) {
		this.network = network;
		this.prefixLength = prefixLength;
	}

	/**
	 * Reads a range.
	 * @param text an address, or an address, a slash and a prefix length
	 * @return the range
	 * @throws IllegalArgumentException when the text is neither
	 */
	public static AddressRange parse(String text) {
		String value = text.strip();
		int slash = value.indexOf('/');
		InetAddress parsed = address((slash < 0) ? value : value.substring(0, slash));
		if (parsed == null) {
			throw new IllegalArgumentException("Not an IP address: " + text);
		}
		byte[] address = parsed.getAddress();
		int bits = address.length * 8;
		int prefix = bits;
		if (slash >= 0) {
			try {
				prefix = Integer.parseInt(value.substring(slash + 1));
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("Not a prefix length: " + text);
			}
			if (prefix < 0 || prefix > bits) {
				throw new IllegalArgumentException("Prefix length out of range: " + text);
			}
		}
		return new AddressRange(address, prefix);
	}

	/**
	 * Whether a text is a range {@link #parse} accepts.
	 * @param text the text
	 * @return true when it parses
	 */
	public static boolean isValid(String text) {
		try {
			parse(text);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * Reads several ranges.
	 * @param texts the ranges
	 * @return them, parsed
	 */
	public static List<AddressRange> parseAll(List<String> texts) {
		return texts.stream().map(AddressRange::parse).toList();
	}

	/**
	 * Whether an address is in the range.
	 * @param address the address; an IPv4 address mapped into IPv6 counts as the IPv4 address
	 * @return true when its first prefix-length bits are the range's
	 */
	public boolean contains(InetAddress address) {
		byte[] bytes = address.getAddress();
		if (bytes.length == 16 && this.network.length == 4 && isMappedIpv4(bytes)) {
			bytes = Arrays.copyOfRange(bytes, 12, 16);
		}
		if (bytes.length != this.network.length) {
			return false;
		}
		int whole = this.prefixLength / 8;
		for (int i = 0; i < whole; i++) {
			if (bytes[i] != this.network[i]) {
				return false;
			}
		}
		int rest = this.prefixLength % 8;
		if (rest == 0) {
			return true;
		}
		int mask = (0xFF << (8 - rest)) & 0xFF;
		return (bytes[whole] & mask) == (this.network[whole] & mask);
	}

	private static boolean isMappedIpv4(byte[] bytes) {
		for (int i = 0; i < 10; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
	}

	/**
	 * An IP address written as digits: IPv4 dotted, or IPv6 with colons (brackets allowed). Never a
	 * name to look up, and nothing longer than an address can be is read.
	 * @param text the text, may be null
	 * @return the address, or null when the text is not one
	 */
	public static InetAddress address(String text) {
		if (text == null) {
			return null;
		}
		String value = text.strip();
		if (value.length() > MAX_LITERAL) {
			return null;
		}
		boolean ipv4 = IPV4.matcher(value).matches()
				&& Arrays.stream(value.split("\\.")).allMatch((part) -> Integer.parseInt(part) <= 255);
		boolean ipv6 = value.contains(":") && IPV6.matcher(value).matches();
		if (!ipv4 && !ipv6) {
			return null;
		}
		try {
			return InetAddress.getByName(value);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	/**
	 * The range in CIDR notation with the bits past the prefix cleared ({@code 10.1.2.3/8} reads
	 * back as {@code 10.0.0.0/8}), as other parsers of ranges expect it.
	 */
	@Override
	public String toString() {
		byte[] masked = this.network.clone();
		for (int bit = this.prefixLength; bit < masked.length * 8; bit++) {
			masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
		}
		try {
			return InetAddress.getByAddress(masked).getHostAddress() + "/" + this.prefixLength;
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
