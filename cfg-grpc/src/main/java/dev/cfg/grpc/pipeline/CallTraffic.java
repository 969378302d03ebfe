package dev.cfg.grpc.pipeline;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.google.protobuf.MessageLite;

/**
 * A call's messages and bytes each way, counted by the observe stage as they pass, and its first
 * message each way when the request log stores bodies. Read once, into the finished call.
 */
final class CallTraffic {

	private final boolean keepFirstRequest;

	private final boolean keepFirstResponse;

	private final AtomicInteger requestMessages = new AtomicInteger();

	private final AtomicInteger responseMessages = new AtomicInteger();

	private final AtomicLong requestBytes = new AtomicLong();

	private final AtomicLong responseBytes = new AtomicLong();

	private volatile Object firstRequest;

	private volatile Object firstResponse;

	CallTraffic(boolean keepFirstRequest, boolean keepFirstResponse) {
		this.keepFirstRequest = keepFirstRequest;
		this.keepFirstResponse = keepFirstResponse;
	}

	void received(Object message) {
		this.requestMessages.incrementAndGet();
		this.requestBytes.addAndGet(size(message));
		if (this.keepFirstRequest && this.firstRequest == null) {
			this.firstRequest = message;
		}
	}

	void sent(Object message) {
		this.responseMessages.incrementAndGet();
		this.responseBytes.addAndGet(size(message));
		if (this.keepFirstResponse && this.firstResponse == null) {
			this.firstResponse = message;
		}
	}

	int requestMessages() {
		return this.requestMessages.get();
	}

	int responseMessages() {
		return this.responseMessages.get();
	}

	long requestBytes() {
		return this.requestBytes.get();
	}

	long responseBytes() {
		return this.responseBytes.get();
	}

	Object firstRequest() {
		return this.firstRequest;
	}

	Object firstResponse() {
		return this.firstResponse;
	}

	private static long size(Object message) {
		return (message instanceof MessageLite protobuf) ? protobuf.getSerializedSize() : 0;
	}

}
