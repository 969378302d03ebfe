package dev.cfg.grpc.pipeline;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.grpc.Attributes;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.inprocess.InProcessSocketAddress;

import dev.cfg.grpc.pipeline.internal.EntryHeaders;

/**
 * Everything cfg-grpc knows about one call while it is served, in one object under one gRPC
 * {@link Context} key.
 * <p>
 * The observe stage creates it when the call arrives (request id, method, headers, client
 * address, start time); the later stages fill what they learn through it, by the pipeline's
 * internal door ({@code pipeline.internal.CallStages}, which applications do not get): auth the
 * caller, the guards the read-only flag. Service code may add trailers ({@link #addTrailer}), the
 * one thing it writes here. The observe stage counts messages and bytes as they pass.
 * When the call ends, its final status is decided in one place and the call becomes one immutable
 * value, a {@link CallCompleted}, which every {@link CallObserver} is
 * handed; this object then describes the call no further. It is read through {@link #current()}
 * while the call is served; the outer stages keep their own reference, since the exception path
 * closes calls outside the gRPC context the inner stages attached.
 * <p>
 * What describes the call's arrival is fixed when it is made; the caller and the read-only flag
 * can each be set once.
 */
public final class CallContext {

	static final Context.Key<CallContext> KEY = Context.key("cfg-grpc-call");

	/** Bytes of an address written as a person would, at most, for the {@code peer} text. */
	private static final int PEER_LENGTH = 200;

	private static final Metadata.Key<String> USER_AGENT = Metadata.Key.of("user-agent",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final Metadata.Key<String> PARENT = Metadata.Key.of(RequestIds.PARENT_HEADER,
			Metadata.ASCII_STRING_MARSHALLER);

	private final String requestId = RequestIds.next();

	private final String fullMethodName;

	private final Metadata headers;

	private final Instant startedAt;

	private final long startNanos;

	/** Set once by {@link #arrived}, before any stage or observer sees the call. */
	private volatile MethodDescriptor.MethodType methodType = MethodDescriptor.MethodType.UNKNOWN;

	private volatile Attributes attributes = Attributes.EMPTY;

	private volatile Deadline deadline;

	/** The client's address as text, read from the transport once. */
	private volatile Optional<String> peer = Optional.empty();

	private volatile String clientIp;

	/** How the call reached the server; set once by {@link #arrived}. */
	private volatile String protocol = EntryHeaders.GRPC;

	/** A refusal the HTTP entry point decided before the call reached the server, if any. */
	private volatile Status entryRefusal;

	/** The HTTP client's user agent, for a call from the HTTP entry point. */
	private volatile String entryUserAgent;

	private volatile Optional<CallerIdentity> caller = Optional.empty();

	private volatile String traceId;

	private volatile String spanId;

	private volatile boolean readOnly;

	/** Guarded by itself: service code on any thread may add to it. */
	private final Metadata trailers = new Metadata();

	private volatile com.google.rpc.Status statusDetails;

	private volatile Status transportStatus;

	/** Why a request message could not be read, when it could not. */
	private volatile Status refusedRequest;

	/** Messages and bytes each way, counted as they pass. */
	final CallTraffic traffic;

	private final AtomicBoolean ended = new AtomicBoolean();

	private final ClientAddresses clientAddresses;

	/** Read once: the request log and the call event both want it. */
	private final Optional<String> parentRequestId;

	CallContext(String fullMethodName, Metadata headers, Instant startedAt, boolean keepFirstRequest,
			boolean keepFirstResponse, ClientAddresses clientAddresses) {
		this.clientAddresses = clientAddresses;
		this.parentRequestId = Optional.ofNullable(headers.get(PARENT)).filter(RequestIds::isRequestId);
		this.fullMethodName = fullMethodName;
		this.headers = headers;
		this.startedAt = startedAt;
		this.startNanos = System.nanoTime();
		this.traffic = new CallTraffic(keepFirstRequest, keepFirstResponse);
	}

	/**
	 * What the observe stage learns when the call reaches the interceptors: the method as the
	 * server resolved it, the transport's attributes and the deadline.
	 */
	void arrived(MethodDescriptor<?, ?> method, Attributes attributes, Deadline deadline) {
		this.attributes = (attributes != null) ? attributes : Attributes.EMPTY;
		this.deadline = deadline;
		SocketAddress remote = this.attributes.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
		if (remote != null) {
			String text = remote.toString();
			this.peer = Optional.of((text.length() <= PEER_LENGTH) ? text : text.substring(0, PEER_LENGTH));
		}
		if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
			this.clientIp = this.clientAddresses.client(inet.getAddress(), this.headers);
		}
		else if (remote instanceof InProcessSocketAddress) {
			// Only code in this process reaches an in-process server: the HTTP entry point says who
			// called over HTTP and how (it drops these headers from what HTTP clients send).
			EntryHeaders.Entry entry = EntryHeaders.read(this.headers);
			if (entry != null) {
				this.protocol = entry.protocol();
				this.clientIp = entry.clientAddress();
				this.peer = Optional.ofNullable(entry.peer());
				this.entryRefusal = entry.refusal();
				this.entryUserAgent = entry.userAgent();
			}
		}
		this.methodType = method.getType();
	}

	/**
	 * The call being served on this thread.
	 * @return its context, or empty outside a call served through cfg-grpc's pipeline
	 */
	public static Optional<CallContext> current() {
		return Optional.ofNullable(KEY.get());
	}

	/**
	 * The call's request id, also sent to the client in the {@code x-request-id} trailer.
	 * @return a version 7 UUID in its usual 36-character form
	 */
	public String requestId() {
		return this.requestId;
	}

	/**
	 * The request id of the call that made this one, when the client was another cfg-grpc service
	 * serving a call of its own: it sends that call's id in the {@code x-parent-request-id} header.
	 * @return the parent's request id, or empty when the header is absent or is not a request id
	 */
	public Optional<String> parentRequestId() {
		return this.parentRequestId;
	}

	/**
	 * Records the call's place in its W3C trace. Called once, by the tracing stage, inside the
	 * call's server span.
	 */
	void traced(String traceId, String spanId) {
		this.traceId = traceId;
		this.spanId = spanId;
	}

	/**
	 * The W3C trace the call belongs to: the client's, when it sent a {@code traceparent} header,
	 * otherwise a new one.
	 * @return 32 lower-case hex digits, or null when the application has no tracer
	 */
	public String traceId() {
		return this.traceId;
	}

	/**
	 * The call's server span in its trace.
	 * @return 16 lower-case hex digits, or null when the application has no tracer
	 */
	public String spanId() {
		return this.spanId;
	}

	/**
	 * The method called, as the client named it.
	 * @return for example {@code api.users.UserService/GetUser}
	 */
	public String fullMethodName() {
		return this.fullMethodName;
	}

	/**
	 * The service called.
	 * @return for example {@code api.users.UserService}; the whole name when it has no service part
	 */
	public String serviceName() {
		return CallCompleted.serviceOf(this.fullMethodName);
	}

	/**
	 * The method called, without its service.
	 * @return for example {@code GetUser}, or {@code unknown} when the name has no method part
	 */
	public String methodName() {
		return CallCompleted.methodOf(this.fullMethodName);
	}

	/**
	 * The kind of method.
	 * @return {@code UNARY}, the streaming kinds, or {@code UNKNOWN} for a method the server does not have
	 */
	public MethodDescriptor.MethodType methodType() {
		return this.methodType;
	}

	/**
	 * A request header.
	 * @param name the header name, matched case-insensitively; binary headers ({@code -bin}) are not read here
	 * @return the last value sent, or empty
	 */
	public Optional<String> header(String name) {
		return header(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
	}

	/**
	 * A request header, by a key the caller keeps.
	 * @param key the header's key
	 * @return the last value sent, or empty
	 */
	public Optional<String> header(Metadata.Key<String> key) {
		return Optional.ofNullable(this.headers.get(key));
	}

	/**
	 * How the call reached the server.
	 * @return {@code grpc} (HTTP/2 on the gRPC port), or, from the HTTP port, {@code grpc-web},
	 * {@code connect} or {@code http-json}
	 */
	public String protocol() {
		return this.protocol;
	}

	/** A refusal the HTTP entry point decided (a body it could not read), for the observe stage. */
	Status entryRefusal() {
		return this.entryRefusal;
	}

	/**
	 * The client's user agent: the {@code user-agent} header, or for a call from the HTTP port the
	 * HTTP request's (the in-process channel sends its own in the call's headers).
	 * @return its value, or null
	 */
	public String userAgent() {
		String http = this.entryUserAgent;
		return (http != null) ? http : this.headers.get(USER_AGENT);
	}

	/**
	 * The transport's attributes of the call (addresses, TLS session).
	 * @return the attributes, never null
	 */
	public Attributes attributes() {
		return this.attributes;
	}

	/**
	 * The client's address and port, as the transport reports it.
	 * @return for example {@code /127.0.0.1:53412}, or empty when the transport does not say
	 */
	public Optional<String> peer() {
		return this.peer;
	}

	/**
	 * The client's IP address: the connection's, or, when the connection comes from one of
	 * {@code cfg.grpc.server.trusted-proxies}, the address the proxy names in
	 * {@code x-forwarded-for} or {@code x-real-ip}.
	 * @return for example {@code 127.0.0.1}, or null when the transport has none (in-process calls)
	 */
	public String clientIp() {
		return this.clientIp;
	}

	/**
	 * When the call started.
	 * @return the instant it arrived
	 */
	public Instant startedAt() {
		return this.startedAt;
	}

	/**
	 * Makes a user the caller. Called by the auth stage, once, before the service sees the call.
	 * @param identity the caller
	 * @throws IllegalStateException when the call already has a caller
	 */
	void identify(CallerIdentity identity) {
		synchronized (this) {
			if (this.caller.isPresent()) {
				throw new IllegalStateException("Call " + this.requestId + " already has a caller");
			}
			this.caller = Optional.of(identity);
		}
	}

	/**
	 * The caller, once auth has identified one.
	 * @return the caller, or empty for an anonymous or refused call
	 */
	public Optional<CallerIdentity> caller() {
		return this.caller;
	}

	/**
	 * Marks the call as one that must not write to the database. Called by the guards for
	 * {@code ReadOnlyService}s; it cannot be undone.
	 */
	void markReadOnly() {
		this.readOnly = true;
	}

	/**
	 * Whether the call must not write to the database.
	 * @return true for calls to {@code ReadOnlyService}s
	 */
	public boolean readOnly() {
		return this.readOnly;
	}

	/**
	 * Adds a trailer to the call's response; several calls add several values.
	 * @param name the trailer name
	 * @param value its value
	 */
	public void addTrailer(String name, String value) {
		synchronized (this.trailers) {
			this.trailers.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value);
		}
	}

	void mergeTrailersInto(Metadata target) {
		synchronized (this.trailers) {
			target.merge(this.trailers);
		}
	}

	void refuseRequest(Status status) {
		this.refusedRequest = status;
	}

	Status refusedRequest() {
		return this.refusedRequest;
	}

	void transportEnded(Status status) {
		this.transportStatus = status;
	}

	/**
	 * Ends the call, once: the first end wins. This is the one place a call's final status is
	 * decided. A call the client cancelled, or whose deadline passed, did not get the status the
	 * service closed it with; a call the transport ended itself (a request over the size limit, a
	 * broken stream) ended with the transport's status, which the service side only hears as a
	 * cancellation.
	 * @param closedWith the status the call was closed with, or null when it was cancelled
	 * @param cancelled whether the call had been cancelled when it ended
	 * @return the finished call, the one value every observer is handed; null when it had ended already
	 */
	CallCompleted end(Status closedWith, boolean cancelled) {
		if (!this.ended.compareAndSet(false, true)) {
			return null;
		}
		Duration duration = Duration.ofNanos(System.nanoTime() - this.startNanos);
		Status status = (cancelled || closedWith == null) ? cancellation() : closedWith;
		CallerIdentity identity = this.caller.orElse(null);
		return new CallCompleted(this.requestId, this.fullMethodName, this.methodType, status,
				CallOutcome.of(status.getCode()), status.isOk() ? null : this.statusDetails, this.startedAt, duration,
				identity, this.clientIp, userAgent(), this.peer.orElse(null), this.protocol, this.traffic.requestMessages(),
				this.traffic.responseMessages(), this.traffic.requestBytes(), this.traffic.responseBytes(),
				this.traffic.firstRequest(), this.traffic.firstResponse(), this.traceId, this.spanId, this.parentRequestId.orElse(null));
	}

	private Status cancellation() {
		Status transport = this.transportStatus;
		if (transport != null && !transport.isOk() && transport.getCode() != Status.Code.CANCELLED
				&& transport.getCode() != Status.Code.DEADLINE_EXCEEDED) {
			return transport;
		}
		boolean expired = this.deadline != null && this.deadline.isExpired();
		return expired ? Refusal.DEADLINE_EXCEEDED.status() : Refusal.CANCELLED.status();
	}

	/** The {@code google.rpc} details the status carries in its trailers, read as the call is closed. */
	void statusDetails(com.google.rpc.Status details) {
		this.statusDetails = details;
	}

}
