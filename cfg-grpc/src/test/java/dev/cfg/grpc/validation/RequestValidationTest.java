package dev.cfg.grpc.validation;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.ResourceInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.cfg.grpc.log.RequestLogWriter;
import dev.cfg.grpc.test.validated.Address;
import dev.cfg.grpc.test.validated.Failure;
import dev.cfg.grpc.test.validated.Line;
import dev.cfg.grpc.test.validated.OrderDeskServiceGrpc;
import dev.cfg.grpc.test.validated.PlaceOrder;
import dev.cfg.grpc.test.validated.Placed;
import dev.cfg.grpc.testapp.OrderDeskGrpcService;
import dev.cfg.grpc.testapp.RunningServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Requests checked against their buf.validate rules on a real port, read back by a grpc-java
 * client as a user's client reads them: the status, its message and the BadRequest details; and
 * the request log's record of each refused call.
 */
class RequestValidationTest {

	private static RunningServer server;

	private static OrderDeskServiceGrpc.OrderDeskServiceBlockingStub desk;

	@BeforeAll
	static void start() {
		server = RunningServer.start();
		desk = OrderDeskServiceGrpc.newBlockingStub(server.channel());
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	private static PlaceOrder.Builder valid() {
		return PlaceOrder.newBuilder()
			.setEmail("ann@example.com")
			.setCustomer("Ann")
			.addLines(Line.newBuilder().setProductId(1).setQuantity(2))
			.setAddress(Address.newBuilder().setCity("Oslo"));
	}

	@Test
	void aValidRequestReachesTheService() {
		int before = OrderDeskGrpcService.RECEIVED.get();
		assertThat(desk.place(valid().build()).getLines()).isEqualTo(1);
		assertThat(OrderDeskGrpcService.RECEIVED.get()).isEqualTo(before + 1);
	}

	@Test
	void eachKindOfRuleNamesItsFieldAndNeverReachesTheService() {
		int before = OrderDeskGrpcService.RECEIVED.get();
		assertRefused(valid().setLines(0, Line.newBuilder().setProductId(1).setQuantity(0)), "lines[0].quantity",
				"must be greater than 0");
		assertRefused(valid().setEmail("not-an-email"), "email", "must be a valid email address");
		assertRefused(valid().setCustomer("x".repeat(21)), "customer", "must be at most 20 characters");
		assertRefused(valid().clearLines(), "lines", "must contain at least 1 item(s)");
		assertRefused(valid().putLabels("env", "production"), "labels[\"env\"]",
				"must be at most 5 characters");
		assertRefused(valid().setPageSize(101), "page_size", "must be greater than or equal to 0 and less than or equal to 100");
		assertRefused(valid().clearAddress(), "address", "value is required");
		assertRefused(valid().setAddress(Address.getDefaultInstance()), "address.city",
				"must be at least 1 characters");
		assertRefused(valid().setPackage("four"), "package", "must be at most 3 characters");
		// A rule on the whole message (CEL) has no field: its id stands in.
		assertRefused(valid().setGift(true), "gift_needs_note", "a gift needs a note");
		assertThat(OrderDeskGrpcService.RECEIVED.get()).as("no refused request reached the service").isEqualTo(before);
	}

	@Test
	void everyViolationIsInTheDetailsAndTheFirstFewInTheMessage() {
		StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
				() -> desk.place(PlaceOrder.newBuilder().setEmail("x").setPageSize(-1).setCustomer("").build()));
		assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(badRequest(refused).getFieldViolationsList()).extracting(BadRequest.FieldViolation::getField)
			.containsExactlyInAnyOrder("email", "customer", "lines", "page_size", "address");
		assertThat(refused.getStatus().getDescription()).startsWith("Invalid request: ").contains("email: ");
	}

	@Test
	void aStreamEndsAtItsFirstInvalidMessage() throws Exception {
		int before = OrderDeskGrpcService.RECEIVED.get();
		CountDownLatch ended = new CountDownLatch(1);
		AtomicReference<Throwable> error = new AtomicReference<>();
		StreamObserver<PlaceOrder> requests = OrderDeskServiceGrpc.newStub(server.channel())
			.placeMany(new StreamObserver<>() {
				@Override
				public void onNext(Placed value) {
				}

				@Override
				public void onError(Throwable t) {
					error.set(t);
					ended.countDown();
				}

				@Override
				public void onCompleted() {
					ended.countDown();
				}
			});
		requests.onNext(valid().build());
		requests.onNext(valid().setEmail("nope").build());
		requests.onNext(valid().build());
		requests.onCompleted();
		assertThat(ended.await(60, TimeUnit.SECONDS)).isTrue();
		assertThat(Status.fromThrowable(error.get()).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(badRequest((StatusRuntimeException) error.get()).getFieldViolations(0).getField()).isEqualTo("email");
		assertThat(OrderDeskGrpcService.RECEIVED.get()).as("only the message before the invalid one").isEqualTo(before + 1);
	}

	@Test
	void aRefusedCallIsLoggedAsAnErrorWithItsViolations() throws Exception {
		catchThrowableOfType(StatusRuntimeException.class, () -> desk.place(valid().setCustomer("").build()));
		Map<String, Object> row = logged("Place", "INVALID_ARGUMENT");
		assertThat(row.get("STATUS")).isEqualTo("error");
		assertThat((String) row.get("ERROR_MESSAGE")).contains("customer: must be at least 1 characters");
		assertThat((String) row.get("ERROR_DETAILS")).contains("google.rpc.BadRequest")
			.contains("\"field\":\"customer\"");
	}

	@Test
	void serviceHelpersAndTheErrorMappingAttachDetails() throws Exception {
		StatusRuntimeException notFound = fail("not-found");
		assertThat(notFound.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
		assertThat(notFound.getStatus().getDescription()).isEqualTo("Product 7 not found");
		assertThat(detail(notFound, ResourceInfo.class).getResourceName()).isEqualTo("7");

		StatusRuntimeException field = fail("field");
		assertThat(field.getStatus().getDescription()).isEqualTo("Invalid request: lines[2].quantity: only 3 left");
		assertThat(detail(field, BadRequest.class).getFieldViolations(0).getField()).isEqualTo("lines[2].quantity");

		StatusRuntimeException reason = fail("reason");
		assertThat(reason.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
		assertThat(detail(reason, ErrorInfo.class)).satisfies((info) -> {
			assertThat(info.getReason()).isEqualTo("OUT_OF_STOCK");
			assertThat(info.getDomain()).isEqualTo("cfg.test.validated.OrderDeskService");
			assertThat(info.getMetadataMap()).containsEntry("product_id", "7");
		});

		StatusRuntimeException retry = fail("retry");
		assertThat(retry.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		assertThat(detail(retry, RetryInfo.class).getRetryDelay().getSeconds()).isEqualTo(3);

		StatusRuntimeException beans = fail("bean-validation");
		assertThat(beans.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(detail(beans, BadRequest.class).getFieldViolationsList()).extracting(BadRequest.FieldViolation::getField)
			.containsExactly("carrier", "parcels");

		StatusRuntimeException internal = fail("boom");
		assertThat(internal.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(internal.getStatus().getDescription()).doesNotContain("boom").startsWith("Internal server error");
		ErrorInfo info = detail(internal, ErrorInfo.class);
		assertThat(info.getReason()).isEqualTo("INTERNAL");
		assertThat(internal.getStatus().getDescription()).contains(info.getMetadataOrThrow("request_id"));
		Map<String, Object> row = logged("Fail", "INTERNAL");
		assertThat((String) row.get("ERROR_DETAILS")).as("the exception for the operator, then what the client got")
			.startsWith("java.lang.IllegalStateException: boom at the warehouse\n")
			.contains("google.rpc.ErrorInfo")
			.contains(info.getMetadataOrThrow("request_id"));
	}

	private static StatusRuntimeException fail(String kind) {
		return catchThrowableOfType(StatusRuntimeException.class,
				() -> desk.fail(Failure.newBuilder().setKind(kind).build()));
	}

	private static void assertRefused(PlaceOrder.Builder request, String field, String description) {
		StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
				() -> desk.place(request.build()));
		assertThat(refused).as(field).isNotNull();
		assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(refused.getStatus().getDescription()).isEqualTo("Invalid request: " + field + ": " + description);
		assertThat(badRequest(refused).getFieldViolationsList())
			.containsExactly(BadRequest.FieldViolation.newBuilder().setField(field).setDescription(description).build());
	}

	private static BadRequest badRequest(StatusRuntimeException refused) {
		return detail(refused, BadRequest.class);
	}

	private static <T extends com.google.protobuf.Message> T detail(StatusRuntimeException exception, Class<T> type) {
		com.google.rpc.Status status = StatusProto.fromThrowable(exception);
		assertThat(status).as("google.rpc.Status in the trailers").isNotNull();
		List<Any> matching = status.getDetailsList().stream().filter((any) -> any.is(type)).toList();
		assertThat(matching).as(type.getSimpleName()).hasSize(1);
		try {
			return matching.get(0).unpack(type);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new AssertionError(ex);
		}
	}

	private static Map<String, Object> logged(String method, String code) throws Exception {
		JdbcTemplate jdbc = server.context().getBean(JdbcTemplate.class);
		RequestLogWriter writer = server.context().getBean(RequestLogWriter.class);
		// The refusal was observed before the client had it: store what is queued, then read.
		assertThat(writer.awaitDrained(60_000)).isTrue();
		List<Map<String, Object>> rows = jdbc.queryForList("SELECT status, error_message, error_details FROM "
				+ "cfg_grpc_request_log WHERE method_name = ? AND grpc_status_code = ? ORDER BY id DESC", method, code);
		assertThat(rows).as("%s calls of %s in the request log", code, method).isNotEmpty();
		return rows.get(0);
	}

}
