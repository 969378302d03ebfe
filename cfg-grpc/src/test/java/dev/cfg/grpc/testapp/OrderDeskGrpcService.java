package dev.cfg.grpc.testapp;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validation;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.stereotype.Service;

import dev.cfg.grpc.service.BaseService;
import dev.cfg.grpc.test.validated.Failure;
import dev.cfg.grpc.test.validated.OrderDeskServiceGrpc;
import dev.cfg.grpc.test.validated.PlaceOrder;
import dev.cfg.grpc.test.validated.Placed;

/**
 * Places orders whose requests have buf.validate rules, counting the ones it saw, and ends calls
 * with each kind of rich error detail on request.
 */
@Service
public class OrderDeskGrpcService extends BaseService implements OrderDeskServiceGrpc.AsyncService {

	/** Requests that reached the service: a refused request never does. */
	public static final AtomicInteger RECEIVED = new AtomicInteger();

	@Override
	public void place(PlaceOrder request, StreamObserver<Placed> reply) {
		RECEIVED.incrementAndGet();
		reply.onNext(Placed.newBuilder().setLines(request.getLinesCount()).build());
		reply.onCompleted();
	}

	@Override
	public StreamObserver<PlaceOrder> placeMany(StreamObserver<Placed> reply) {
		return new StreamObserver<>() {

			private int lines;

			@Override
			public void onNext(PlaceOrder order) {
				RECEIVED.incrementAndGet();
				this.lines += order.getLinesCount();
			}

			@Override
			public void onError(Throwable error) {
			}

			@Override
			public void onCompleted() {
				reply.onNext(Placed.newBuilder().setLines(this.lines).build());
				reply.onCompleted();
			}

		};
	}

	@Override
	public void fail(Failure request, StreamObserver<Placed> reply) {
		switch (request.getKind()) {
			case "not-found" -> throw abortNotFound("Product", 7);
			case "field" -> throw abortInvalidField("lines[2].quantity", "only 3 left");
			case "reason" -> throw abortWithReason(Status.Code.FAILED_PRECONDITION, "OUT_OF_STOCK", "Product 7 is sold out",
					Map.of("product_id", "7"));
			case "retry" -> throw abortUnavailable("Warehouse busy", Duration.ofSeconds(3));
			case "bean-validation" -> throw beanValidation();
			default -> throw new IllegalStateException("boom at the warehouse");
		}
	}

	private static ConstraintViolationException beanValidation() {
		try (var factory = Validation.buildDefaultValidatorFactory()) {
			Set<? extends jakarta.validation.ConstraintViolation<?>> violations = factory.getValidator()
				.validate(new Shipment("", 0));
			return new ConstraintViolationException(Set.copyOf(violations));
		}
	}

	/** A bean with Bean Validation constraints, as service code might check one. */
	record Shipment(@NotBlank String carrier, @Min(1) int parcels) {
	}

}
