package dev.cfg.grpc.testapp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;

import dev.cfg.grpc.test.echo.EchoReply;
import dev.cfg.grpc.test.echo.EchoRequest;
import dev.cfg.grpc.test.echo.EchoServiceGrpc;

/** Client calls the tests make, through real grpc-java stubs. */
public final class Calls {

	private Calls() {
	}

	public static EchoServiceGrpc.EchoServiceBlockingStub echo(Channel channel) {
		return EchoServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
	}

	public static EchoRequest request(String text) {
		return EchoRequest.newBuilder().setText(text).build();
	}

	public static HealthCheckResponse.ServingStatus health(Channel channel, String service) {
		return HealthGrpc.newBlockingStub(channel)
			.withDeadlineAfter(5, TimeUnit.SECONDS)
			.check(HealthCheckRequest.newBuilder().setService(service).build())
			.getStatus();
	}

	public static List<String> listServicesV1(Channel channel) throws Exception {
		CompletableFuture<List<String>> names = new CompletableFuture<>();
		var stub = io.grpc.reflection.v1.ServerReflectionGrpc.newStub(channel);
		var requests = stub.serverReflectionInfo(new StreamObserver<>() {
			@Override
			public void onNext(io.grpc.reflection.v1.ServerReflectionResponse value) {
				if (value.hasErrorResponse()) {
					names.completeExceptionally(new AssertionError(value.getErrorResponse().getErrorMessage()));
				}
				names.complete(value.getListServicesResponse()
					.getServiceList()
					.stream()
					.map(io.grpc.reflection.v1.ServiceResponse::getName)
					.toList());
			}

			@Override
			public void onError(Throwable t) {
				names.completeExceptionally(t);
			}

			@Override
			public void onCompleted() {
			}
		});
		requests.onNext(io.grpc.reflection.v1.ServerReflectionRequest.newBuilder().setListServices("").build());
		requests.onCompleted();
		return names.get(10, TimeUnit.SECONDS);
	}

	@SuppressWarnings("deprecation")
	public static List<String> listServicesV1Alpha(Channel channel) throws Exception {
		CompletableFuture<List<String>> names = new CompletableFuture<>();
		var stub = io.grpc.reflection.v1alpha.ServerReflectionGrpc.newStub(channel);
		var requests = stub.serverReflectionInfo(new StreamObserver<>() {
			@Override
			public void onNext(io.grpc.reflection.v1alpha.ServerReflectionResponse value) {
				names.complete(value.getListServicesResponse()
					.getServiceList()
					.stream()
					.map(io.grpc.reflection.v1alpha.ServiceResponse::getName)
					.toList());
			}

			@Override
			public void onError(Throwable t) {
				names.completeExceptionally(t);
			}

			@Override
			public void onCompleted() {
			}
		});
		requests.onNext(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder().setListServices("").build());
		requests.onCompleted();
		return names.get(10, TimeUnit.SECONDS);
	}

	/** Collects a server stream; the status exception, if any, ends it. */
	public static List<EchoReply> collect(java.util.Iterator<EchoReply> replies, List<StatusRuntimeException> error) {
		List<EchoReply> all = new ArrayList<>();
		try {
			replies.forEachRemaining(all::add);
		}
		catch (StatusRuntimeException ex) {
			error.add(ex);
		}
		return all;
	}

}
