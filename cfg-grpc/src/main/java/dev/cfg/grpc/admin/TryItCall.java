package dev.cfg.grpc.admin;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

/**
 * One call made from the try-it page: a request message read from JSON, sent over a real channel
 * to this server's port (so it goes through the whole pipeline), and every response message,
 * status, header and trailer collected, up to bounds that keep a chatty stream from filling memory.
 */
final class TryItCall {

	/** Responses shown at most; a longer stream is cancelled after them. */
	static final int MAX_MESSAGES = 100;

	/** Characters of response JSON shown at most. */
	static final int MAX_TEXT = 1_000_000;

	static final long DEADLINE_SECONDS = 30;

	/** What came back. */
	record Result(Status status, List<String> messages, boolean cut, Map<String, String> headers,
			Map<String, String> trailers, long durationMs) {
	}

	private TryItCall() {
	}

	/**
	 * Reads the request message from JSON.
	 * @throws InvalidProtocolBufferException with what is wrong in the JSON
	 */
	static DynamicMessage request(Descriptors.MethodDescriptor method, String json)
			throws InvalidProtocolBufferException {
		DynamicMessage.Builder builder = DynamicMessage.newBuilder(method.getInputType());
		JsonFormat.parser().merge(json, builder);
		return builder.build();
	}

	/** A request with every field at its default, as a template to edit. */
	static String template(Descriptors.MethodDescriptor method) {
		try {
			return JsonFormat.printer()
				.alwaysPrintFieldsWithNoPresence()
				.print(DynamicMessage.getDefaultInstance(method.getInputType()));
		}
		catch (InvalidProtocolBufferException ex) {
			return "{}";
		}
	}

	static Result call(Channel channel, String fullMethodName, Descriptors.MethodDescriptor method,
			MethodDescriptor.MethodType type, DynamicMessage request, Metadata headers) throws InterruptedException {
		MethodDescriptor<DynamicMessage, DynamicMessage> descriptor = MethodDescriptor
			.newBuilder(new DynamicMarshaller(method.getInputType()), new DynamicMarshaller(method.getOutputType()))
			.setType(type)
			.setFullMethodName(fullMethodName)
			.build();
		ClientCall<DynamicMessage, DynamicMessage> call = channel.newCall(descriptor,
				CallOptions.DEFAULT.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS));
		Collector collector = new Collector(call);
		long started = System.nanoTime();
		call.start(collector, headers);
		call.request(MAX_MESSAGES + 1);
		call.sendMessage(request);
		call.halfClose();
		if (!collector.done.await(DEADLINE_SECONDS + 5, TimeUnit.SECONDS)) {
			call.cancel("The try-it page stopped waiting", null);
			collector.done.await(5, TimeUnit.SECONDS);
		}
		long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		return new Result(collector.status, List.copyOf(collector.messages), collector.cut,
				AdminText.printable(collector.headers), AdminText.printable(collector.trailers), durationMs);
	}

	/** Gathers what the server sends; called on gRPC's threads. */
	private static final class Collector extends ClientCall.Listener<DynamicMessage> {

		private final ClientCall<DynamicMessage, DynamicMessage> call;

		private final CountDownLatch done = new CountDownLatch(1);

		private final List<String> messages = new ArrayList<>();

		private volatile boolean cut;

		private volatile int text;

		private volatile Metadata headers = new Metadata();

		private volatile Metadata trailers = new Metadata();

		private volatile Status status = Status.UNKNOWN;

		Collector(ClientCall<DynamicMessage, DynamicMessage> call) {
			this.call = call;
		}

		@Override
		public void onHeaders(Metadata headers) {
			this.headers = headers;
		}

		@Override
		public void onMessage(DynamicMessage message) {
			synchronized (this.messages) {
				if (this.cut) {
					return;
				}
				String json;
				try {
					json = JsonFormat.printer().print(message);
				}
				catch (InvalidProtocolBufferException ex) {
					json = message.toString();
				}
				if (this.messages.size() >= MAX_MESSAGES || this.text + json.length() > MAX_TEXT) {
					this.cut = true;
					this.call.cancel("The try-it page shows at most " + MAX_MESSAGES + " messages", null);
					return;
				}
				this.text += json.length();
				this.messages.add(json);
			}
		}

		@Override
		public void onClose(Status status, Metadata trailers) {
			this.status = status;
			this.trailers = trailers;
			this.done.countDown();
		}

	}

	/** Messages of a type known only by its descriptor. */
	private record DynamicMarshaller(Descriptors.Descriptor type) implements MethodDescriptor.Marshaller<DynamicMessage> {

		@Override
		public InputStream stream(DynamicMessage value) {
			return new ByteArrayInputStream(value.toByteArray());
		}

		@Override
		public DynamicMessage parse(InputStream stream) {
			try {
				return DynamicMessage.parseFrom(this.type, stream);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
