package dev.cfg.grpc.testapp;

import io.grpc.stub.StreamObserver;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import dev.cfg.grpc.service.ReadOnlyService;
import dev.cfg.grpc.test.echo.EchoReply;
import dev.cfg.grpc.test.echo.EchoRequest;
import dev.cfg.grpc.test.echo.NotesServiceGrpc;
import dev.cfg.grpc.users.UserStore;

/** Reads notes, and tries three kinds of write, all of which cfg-grpc must refuse. */
@Service
public class NotesGrpcService extends ReadOnlyService implements NotesServiceGrpc.AsyncService {

	private final JdbcTemplate jdbc;

	private final UserStore users;

	public NotesGrpcService(JdbcTemplate jdbc, UserStore users) {
		this.jdbc = jdbc;
		this.users = users;
	}

	@Override
	public void count(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
		reply(responseObserver, String.valueOf(this.jdbc.queryForObject("SELECT COUNT(*) FROM echo_note", Long.class)));
	}

	@Override
	public void writeWithJdbc(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
		this.jdbc.update("INSERT INTO echo_note (text) VALUES (?)", request.getText());
		reply(responseObserver, "written");
	}

	@Override
	public void writeWithJpa(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
		this.users.createUser(request.getText(), "", "password", false, false);
		reply(responseObserver, "created");
	}

	@Override
	public void changeWithJpa(EchoRequest request, StreamObserver<EchoReply> responseObserver) {
		this.users.setActive(request.getText(), false);
		reply(responseObserver, "changed");
	}

	private static void reply(StreamObserver<EchoReply> responseObserver, String text) {
		responseObserver.onNext(EchoReply.newBuilder().setText(text).build());
		responseObserver.onCompleted();
	}

}
