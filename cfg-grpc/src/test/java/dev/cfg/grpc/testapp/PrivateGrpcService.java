package dev.cfg.grpc.testapp;

import io.grpc.stub.StreamObserver;

import org.springframework.stereotype.Service;

import dev.cfg.grpc.service.AuthRequiredService;
import dev.cfg.grpc.test.echo.EchoReply;
import dev.cfg.grpc.test.echo.EchoRequest;
import dev.cfg.grpc.test.echo.PrivateServiceGrpc;

/** Needs a signed-in caller for every method. */
@Service
public class PrivateGrpcService extends AuthRequiredService implements PrivateServiceGrpc.AsyncService {

	@Override
	public void secret(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
		responseObserver.onNext(EchoReply.newBuilder().setText("secret for " + currentUser().username()).build());
		responseObserver.onCompleted();
	}

}
