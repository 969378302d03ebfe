package dev.cfg.grpc.demo.users;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.cfg.grpc.demo.api.users.GetUserRequest;
import dev.cfg.grpc.demo.api.users.User;
import dev.cfg.grpc.demo.api.users.UserServiceGrpc;

/** {@code api.users.UserService}. */
@Service
public class UserGrpcService extends UserServiceGrpc.UserServiceImplBase {

	private final UserAccountRepository users;

	public UserGrpcService(UserAccountRepository users) {
		this.users = users;
	}

	@Override
	@Transactional(readOnly = true)
	public void getUser(GetUserRequest request, StreamObserver<User> responseObserver) {
		UserAccount user = this.users.findById(request.getUserId())
			.orElseThrow(() -> Status.NOT_FOUND.withDescription("User not found").asRuntimeException());
		responseObserver.onNext(toMessage(user));
		responseObserver.onCompleted();
	}

	static User toMessage(UserAccount user) {
		return User.newBuilder()
			.setId(user.getId())
			.setUsername(user.getUsername())
			.setEmail(user.getEmail())
			.setBio(user.getBio())
			.build();
	}

}
