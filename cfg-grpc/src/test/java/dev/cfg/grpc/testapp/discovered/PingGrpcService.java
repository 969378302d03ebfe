package dev.cfg.grpc.testapp.discovered;

import io.grpc.stub.StreamObserver;

import dev.cfg.grpc.test.echo.EchoReply;
import dev.cfg.grpc.test.echo.EchoRequest;
import dev.cfg.grpc.test.echo.PingServiceGrpc;
import dev.cfg.grpc.testapp.Greeting;

/** No Spring annotation: served only when its package is in cfg.grpc.enabled-apps. */
public class PingGrpcService extends PingServiceGrpc.PingServiceImplBase {

	private final Greeting greeting;

	public PingGrpcService(Greeting greeting) {
		this.greeting = greeting;
	}

	@Override
	public void ping(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
		responseObserver.onNext(EchoReply.newBuilder().setText("pong " + this.greeting.text()).build());
		responseObserver.onCompleted();
	}

}
