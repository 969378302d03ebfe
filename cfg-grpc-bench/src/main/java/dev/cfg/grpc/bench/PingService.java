package dev.cfg.grpc.bench;

import io.grpc.stub.StreamObserver;

import dev.cfg.grpc.bench.api.BenchServiceGrpc;
import dev.cfg.grpc.bench.api.PingReply;
import dev.cfg.grpc.bench.api.PingRequest;

/** The method under load: echoes its text. The same class serves every scenario. */
public class PingService extends BenchServiceGrpc.BenchServiceImplBase {

	@Override
	public void ping(PingRequest request, StreamObserver<PingReply> responseObserver) {
		responseObserver.onNext(PingReply.newBuilder().setText(request.getText()).build());
		responseObserver.onCompleted();
	}

}
