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

	/**
	 * Echoes a text with one header and returns the call's request id, from its trailer.
	 */
	public static String echoWithHeader(Channel channel, String header, String value, String text) {
		io.grpc.Metadata headers = new io.grpc.Metadata();
		headers.put(io.grpc.Metadata.Key.of(header, io.grpc.Metadata.ASCII_STRING_MARSHALLER), value);
		java.util.concurrent.atomic.AtomicReference<io.grpc.Metadata> trailers = new java.util.concurrent.atomic.AtomicReference<>();
		echo(channel).withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers),
				io.grpc.stub.MetadataUtils.newCaptureMetadataInterceptor(new java.util.concurrent.atomic.AtomicReference<>(),
						trailers))
			.echo(request(text));
		return trailers.get().get(io.grpc.Metadata.Key.of("x-request-id", io.grpc.Metadata.ASCII_STRING_MARSHALLER));
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
		return listServices(io.grpc.reflection.v1.ServerReflectionGrpc.newStub(channel)::serverReflectionInfo,
				io.grpc.reflection.v1.ServerReflectionRequest.newBuilder().setListServices("").build(),
				(response) -> response.hasErrorResponse() ? response.getErrorResponse().getErrorMessage() : null,
				(response) -> response.getListServicesResponse()
					.getServiceList()
					.stream()
					.map(io.grpc.reflection.v1.ServiceResponse::getName)
					.toList());
	}

	@SuppressWarnings("deprecation")
	public static List<String> listServicesV1Alpha(Channel channel) throws Exception {
		return listServices(io.grpc.reflection.v1alpha.ServerReflectionGrpc.newStub(channel)::serverReflectionInfo,
				io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder().setListServices("").build(),
				(response) -> response.hasErrorResponse() ? response.getErrorResponse().getErrorMessage() : null,
				(response) -> response.getListServicesResponse()
					.getServiceList()
					.stream()
					.map(io.grpc.reflection.v1alpha.ServiceResponse::getName)
					.toList());
	}

	/** One list-services exchange on either version of reflection. */
	private static <Q, R> List<String> listServices(
			java.util.function.Function<StreamObserver<R>, StreamObserver<Q>> open, Q request,
			java.util.function.Function<R, String> error, java.util.function.Function<R, List<String>> names)
			throws Exception {
		CompletableFuture<List<String>> result = new CompletableFuture<>();
		StreamObserver<Q> requests = open.apply(new StreamObserver<>() {
			@Override
			public void onNext(R value) {
				String failure = error.apply(value);
				if (failure != null) {
					result.completeExceptionally(new AssertionError(failure));
				}
				result.complete(names.apply(value));
			}

			@Override
			public void onError(Throwable t) {
				result.completeExceptionally(t);
			}

			@Override
			public void onCompleted() {
			}
		});
		requests.onNext(request);
		requests.onCompleted();
		return result.get(10, TimeUnit.SECONDS);
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
