package dev.cfg.grpc.demo.users;

import io.grpc.stub.StreamObserver;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.cfg.grpc.auth.CallPrincipal;
import dev.cfg.grpc.demo.api.users.GetUserRequest;
import dev.cfg.grpc.demo.api.users.ListUsersRequest;
import dev.cfg.grpc.demo.api.users.UpdateProfileRequest;
import dev.cfg.grpc.demo.api.users.User;
import dev.cfg.grpc.demo.api.users.UserServiceGrpc;
import dev.cfg.grpc.service.BaseService;
import dev.cfg.grpc.users.UserAccount;
import dev.cfg.grpc.users.UserStore;

/** {@code api.users.UserService}: cfg-grpc's users with the demo's profiles. */
@Service
public class UserGrpcService extends BaseService implements UserServiceGrpc.AsyncService {

	private final UserStore users;

	private final ProfileRepository profiles;

	public UserGrpcService(UserStore users, ProfileRepository profiles) {
		this.users = users;
		this.profiles = profiles;
	}

	@Override
	@Transactional(readOnly = true)
	public void getUser(GetUserRequest request, StreamObserver<User> responseObserver) {
		UserAccount user = this.users.findById(request.getUserId()).orElseThrow(() -> abortNotFound("User not found"));
		responseObserver.onNext(toMessage(user));
		responseObserver.onCompleted();
	}

	@Override
	@Transactional
	public void updateProfile(UpdateProfileRequest request, StreamObserver<User> responseObserver) {
		// The lengths and the email's form are checked by the request's buf.validate rules.
		CallPrincipal caller = requireUser();
		long id = Long.parseLong(caller.id());
		Profile profile = this.profiles.findById(id).orElseGet(() -> new Profile(id));
		profile.setBio(request.getBio());
		profile.setContactEmail(request.getContactEmail());
		this.profiles.save(profile);
		responseObserver.onNext(toMessage(this.users.findById(id).orElseThrow(() -> abortNotFound("User not found"))));
		responseObserver.onCompleted();
	}

	@Override
	@Transactional(readOnly = true)
	public void listUsers(ListUsersRequest request, StreamObserver<User> responseObserver) {
		requireStaff();
		for (UserAccount user : this.users.findAll()) {
			responseObserver.onNext(toMessage(user));
		}
		responseObserver.onCompleted();
	}

	private User toMessage(UserAccount user) {
		User.Builder message = User.newBuilder()
			.setId(user.getId())
			.setUsername(user.getUsername())
			.setEmail(user.getEmail());
		this.profiles.findById(user.getId())
			.ifPresent((profile) -> message.setBio(profile.getBio()).setContactEmail(profile.getContactEmail()));
		return message.build();
	}

}
