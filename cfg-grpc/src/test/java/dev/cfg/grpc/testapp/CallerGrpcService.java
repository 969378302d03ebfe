package dev.cfg.grpc.testapp;

import io.grpc.stub.StreamObserver;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;

import dev.cfg.grpc.auth.CallPrincipal;
import dev.cfg.grpc.service.BaseService;
import dev.cfg.grpc.test.echo.CallerServiceGrpc;
import dev.cfg.grpc.test.echo.EchoReply;
import dev.cfg.grpc.test.echo.EchoRequest;

/**
 * Answers with the caller as the service sees it: {@code <user from BaseService>|<name in
 * Spring's SecurityContext>}, each {@code -} when absent.
 */
@Service
public class CallerGrpcService extends BaseService implements CallerServiceGrpc.AsyncService {

	@Override
	public void whoAmI(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
		responseObserver.onNext(reply(caller()));
		responseObserver.onCompleted();
	}

	@Override
	public void whoAmIStream(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
		for (int i = 0; i < 3; i++) {
			responseObserver.onNext(reply(caller()));
			Thread.yield();
		}
		responseObserver.onCompleted();
	}

	@Override
	@PreAuthorize("hasAuthority('notes.add_note')")
	public void addNote(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
		responseObserver.onNext(reply("added by " + requireUser().username()));
		responseObserver.onCompleted();
	}

	@Override
	public void staffOnly(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
		CallPrincipal staff = requireStaff();
		responseObserver.onNext(reply("hello staff " + staff.username()));
		responseObserver.onCompleted();
	}

	@Override
	public void callDetails(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
		setTrailer("x-served-by", "caller-service");
		responseObserver.onNext(reply(getMetadata("x-client").orElse("-") + "|" + getPeer().orElse("-")));
		responseObserver.onCompleted();
	}

	@Override
	public void checks(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
		responseObserver.onNext(reply(checkPermission(request.getText()) + "|" + checkStaff() + "|" + checkSuperuser()));
		responseObserver.onCompleted();
	}

	@Override
	public void abort(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
		throw switch (request.getText()) {
			case "already_exists" -> abortAlreadyExists();
			case "failed_precondition" -> abortFailedPrecondition();
			case "unimplemented" -> abortUnimplemented();
			case "internal" -> abortInternal();
			case "not_found" -> abortNotFound();
			default -> abortInvalidArgument("no helper named " + request.getText());
		};
	}

	private String caller() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return getUser().map(CallPrincipal::username).orElse("-") + "|"
				+ ((authentication != null) ? authentication.getName() : "-");
	}

	private static EchoReply reply(String text) {
		return EchoReply.newBuilder().setText(text).build();
	}

}
