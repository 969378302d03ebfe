package dev.cfg.grpc.server;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

import io.grpc.Codec;

/** The {@code deflate} message encoding (zlib), which grpc-java does not ship. */
final class DeflateCodec implements Codec {

	@Override
	public String getMessageEncoding() {
		return "deflate";
	}

	@Override
	public OutputStream compress(OutputStream os) {
		return new DeflaterOutputStream(os);
	}

	@Override
	public InputStream decompress(InputStream is) {
		return new InflaterInputStream(is);
	}

}
