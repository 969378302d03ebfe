package dev.cfg.grpc.test;

import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Service;

/** An application under test with one service of its own: a health service that knows "shop". */
@SpringBootApplication
public class KitTestApplication {

	@Service
	static class ShopHealth extends HealthGrpc.HealthImplBase {

		@Override
		public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> responseObserver) {
			if (!request.getService().isEmpty() && !request.getService().equals("shop")) {
				responseObserver.onError(Status.NOT_FOUND.withDescription("Unknown service").asRuntimeException());
				return;
			}
			responseObserver.onNext(HealthCheckResponse.newBuilder()
				.setStatus(HealthCheckResponse.ServingStatus.SERVING)
				.build());
			responseObserver.onCompleted();
		}

	}

}
