package dev.cfg.grpc.pipeline;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import com.google.protobuf.MessageLite;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * The one place a call is closed: every stage inside the observe stage, Boot's exception handler
 * and the service itself close the call through this object, and only it closes the transport's
 * call, once; a second close is ignored. On the way out it adds {@code x-request-id} and the
 * context's trailers, reads the {@code google.rpc} details, ends the {@link CallContext} (which
 * decides the final status and makes the one {@link CallCompleted} value) and has that value
 * handed to the observers, all before the client can see the answer: a client that has its answer
 * can count on the call's record being queued. It also keeps the response size limit, since it
 * sees every message that leaves.
 */
final class ClosingCall<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {

	private static final Metadata.Key<String> REQUEST_ID_TRAILER = Metadata.Key.of("x-request-id",
			Metadata.ASCII_STRING_MARSHALLER);

	/** Where rich error details travel: a serialized {@code google.rpc.Status}. */
	private static final Metadata.Key<byte[]> STATUS_DETAILS = Metadata.Key.of("grpc-status-details-bin",
			Metadata.BINARY_BYTE_MARSHALLER);

	private final CallContext context;

	private final Consumer<CallCompleted> ended;

	private final long maxResponseBytes;

	private final AtomicBoolean closed = new AtomicBoolean();

	/**
	 * @param call the transport's call
	 * @param context the call's context
	 * @param ended handed the finished call once, when the call has ended (closed or cancelled)
	 * @param maxResponseBytes the largest response message sent
	 */
	ClosingCall(ServerCall<ReqT, RespT> call, CallContext context, Consumer<CallCompleted> ended,
			long maxResponseBytes) {
		super(call);
		this.context = context;
		this.ended = ended;
		this.maxResponseBytes = maxResponseBytes;
	}

	/**
	 * The response headers carry the request id too, so a client that reads headers before the
	 * messages (a browser's fetch, an HTTP tool) has it without waiting for the trailers.
	 */
	@Override
	public void sendHeaders(Metadata headers) {
		headers.put(REQUEST_ID_TRAILER, this.context.requestId());
		super.sendHeaders(headers);
	}

	/** Whether the call has been closed: the service hears nothing more of it but its end. */
	boolean closed() {
		return this.closed.get();
	}

	@Override
	public void sendMessage(RespT message) {
		if (this.closed.get()) {
			// The call was refused (a response over the limit) while the service was still answering.
			return;
		}
		if (message instanceof MessageLite protobuf && protobuf.getSerializedSize() > this.maxResponseBytes) {
			close(Refusal.RESPONSE_TOO_LARGE.status(protobuf.getSerializedSize(), this.maxResponseBytes),
					new Metadata());
			return;
		}
		this.context.traffic.sent(message);
		super.sendMessage(message);
	}

	@Override
	public void close(Status status, Metadata trailers) {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		trailers.put(REQUEST_ID_TRAILER, this.context.requestId());
		this.context.mergeTrailersInto(trailers);
		if (!status.isOk() && trailers.containsKey(STATUS_DETAILS)) {
			this.context.statusDetails(details(status, trailers));
		}
		end(status, isCancelled());
		super.close(status, trailers);
	}

	/** Closes the call with the status of a failure no stage inside mapped. */
	void fail(Throwable failure) {
		StatusRuntimeException refusal = asRefusal(failure, this.context.requestId());
		Metadata trailers = refusal.getTrailers();
		close(refusal.getStatus(), (trailers != null) ? trailers : new Metadata());
	}

	/** The client cancelled the call, or the transport ended it. */
	void cancelled() {
		end(null, true);
	}

	private void end(Status status, boolean cancelled) {
		CallCompleted finished = this.context.end(status, cancelled);
		if (finished != null) {
			this.ended.accept(finished);
		}
	}

	/** A status exception as it is; anything else as INTERNAL with the request id. */
	static StatusRuntimeException asRefusal(Throwable failure, String requestId) {
		if (failure instanceof StatusRuntimeException refusal) {
			return refusal;
		}
		if (failure instanceof StatusException refusal) {
			return new StatusRuntimeException(refusal.getStatus(), refusal.getTrailers());
		}
		return Refusal.internal(requestId);
	}

	private static com.google.rpc.Status details(Status status, Metadata trailers) {
		try {
			return StatusProto.fromStatusAndTrailers(status, trailers);
		}
		catch (RuntimeException ex) {
			// Details that do not parse are the service's business; the call's status stands.
			return null;
		}
	}

}
