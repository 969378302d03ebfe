package dev.cfg.grpc.gateway;

import java.util.Base64;
import java.util.Locale;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Metadata;
import io.grpc.Status;

/**
 * The Connect protocol's error and end-of-stream bodies: the code's name, the message, and the
 * {@code google.rpc} details the server put in its {@code grpc-status-details-bin} trailer, each as
 * its type's name and its bytes in base64.
 */
final class ConnectErrors {

	static final Metadata.Key<byte[]> STATUS_DETAILS = Metadata.Key.of("grpc-status-details-bin",
			Metadata.BINARY_BYTE_MARSHALLER);

	private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

	private ConnectErrors() {
	}

	/**
	 * The body of a unary call that failed.
	 * @param status the call's status, not OK
	 * @param trailers the call's trailers
	 * @return the JSON
	 */
	static String error(Status status, Metadata trailers) {
		return print(Struct.newBuilder().putAllFields(errorFields(status, trailers).getFieldsMap()).build());
	}

	/**
	 * The end-of-stream message of a streaming call: the error when the call failed, and the
	 * trailers as metadata.
	 * @param status the call's status
	 * @param trailers the call's trailers
	 * @return the JSON
	 */
	static String endOfStream(Status status, Metadata trailers) {
		Struct.Builder end = Struct.newBuilder();
		if (!status.isOk()) {
			end.putFields("error", Value.newBuilder().setStructValue(errorFields(status, trailers)).build());
		}
		Struct.Builder metadata = Struct.newBuilder();
		for (String key : trailers.keys()) {
			ListValue.Builder values = ListValue.newBuilder();
			for (String value : CallHeaders.texts(trailers, key)) {
				values.addValues(Value.newBuilder().setStringValue(value));
			}
			metadata.putFields(key.toLowerCase(Locale.ROOT), Value.newBuilder().setListValue(values).build());
		}
		end.putFields("metadata", Value.newBuilder().setStructValue(metadata).build());
		return print(end.build());
	}

	private static Struct errorFields(Status status, Metadata trailers) {
		Struct.Builder error = Struct.newBuilder()
			.putFields("code", text(StatusCodes.connectName(status.getCode())));
		if (status.getDescription() != null) {
			error.putFields("message", text(status.getDescription()));
		}
		ListValue.Builder details = ListValue.newBuilder();
		byte[] rich = trailers.get(STATUS_DETAILS);
		if (rich != null) {
			try {
				for (Any detail : com.google.rpc.Status.parseFrom(rich).getDetailsList()) {
					String url = detail.getTypeUrl();
					details.addValues(Value.newBuilder()
						.setStructValue(Struct.newBuilder()
							.putFields("type", text(url.substring(url.lastIndexOf('/') + 1)))
							.putFields("value",
									text(Base64.getEncoder().withoutPadding().encodeToString(detail.getValue().toByteArray())))));
				}
			}
			catch (InvalidProtocolBufferException ex) {
				// Details that do not parse are left out; the code and message still say what happened.
			}
		}
		if (details.getValuesCount() > 0) {
			error.putFields("details", Value.newBuilder().setListValue(details).build());
		}
		return error.build();
	}

	private static Value text(String text) {
		return Value.newBuilder().setStringValue(text).build();
	}

	private static String print(Struct struct) {
		try {
			return JSON.print(struct);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
