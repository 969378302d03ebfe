package dev.cfg.grpc.client.frontapp;

import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;

import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.stereotype.Service;

import dev.cfg.grpc.test.echo.CallerServiceGrpc;
import dev.cfg.grpc.test.echo.EchoReply;
import dev.cfg.grpc.test.echo.EchoRequest;
import dev.cfg.grpc.test.echo.PingServiceGrpc;

/**
 * Ping answers with what the test application's {@code WhoAmI} says of the caller, asked through
 * the channel named in the request's text, while serving the call.
 */
@Service
public class RelayGrpcService extends PingServiceGrpc.PingServiceImplBase {

	private final GrpcChannelFactory channels;

	private final java.util.Map<String, ManagedChannel> open = new java.util.concurrent.ConcurrentHashMap<>();

	public RelayGrpcService(GrpcChannelFactory channels) {
		this.channels = channels;
	}

	@Override
	public void ping(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
		ManagedChannel channel = this.open.computeIfAbsent(request.getText(), this.channels::createChannel);
		EchoReply backend = CallerServiceGrpc.newBlockingStub(channel)
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.whoAmI(EchoRequest.getDefaultInstance());
		responseObserver.onNext(EchoReply.newBuilder().setText(backend.getText()).build());
		responseObserver.onCompleted();
	}

}
