package dev.cfg.grpc.service;

import java.math.BigDecimal;
import java.util.Optional;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;

import dev.cfg.grpc.auth.CallPrincipal;
import dev.cfg.grpc.auth.CurrentCaller;
import dev.cfg.grpc.pipeline.CallContext;
import dev.cfg.grpc.pipeline.Refusal;
import dev.cfg.grpc.server.internal.GeneratedBinding;

/**
 * A gRPC service with helpers: the caller of the current call, permission checks, and ending the
 * call with a status. Extend it (or {@link AuthRequiredService} or {@link ReadOnlyService}) and
 * implement the generated {@code AsyncService} interface instead of extending the generated
 * {@code ImplBase}:
 *
 * <pre>
 * &#64;Service
 * public class UserGrpcService extends BaseService implements UserServiceGrpc.AsyncService {
 *     public void updateProfile(UpdateProfileRequest request, StreamObserver&lt;User&gt; reply) {
 *         CallPrincipal user = requireUser();
 *         ...
 *     }
 * }
 * </pre>
 *
 * {@link #bindService()} binds the generated service definition to this object, so the
 * class is served like any {@link BindableService} bean.
 * <p>
 * Everything here is about the call being served on the current thread: the class keeps no
 * per-call state, so one service instance serves any number of concurrent calls.
 * <p>
 * The {@code abort...} methods never return: they throw a {@link StatusRuntimeException} that
 * ends the call with that status. They are declared to return it so that
 * {@code throw abortNotFound("...")} reads as the end of a branch.
 */
public abstract class BaseService extends CallAborts implements BindableService {

	/**
	 * Binds the generated service definition of the {@code XxxGrpc.AsyncService} interface this
	 * class implements. Final, so that a Spring proxy (for {@code @Transactional}) binds itself and
	 * calls go through it.
	 * @return the service definition
	 */
	@Override
	public final ServerServiceDefinition bindService() {
		return GeneratedBinding.of(getClass())
			.orElseThrow(() -> new IllegalStateException(getClass().getName()
					+ " extends BaseService but implements no generated XxxGrpc.AsyncService interface"))
			.bind(this);
	}

	/**
	 * The caller, if the call carried a valid credential.
	 * @return the caller, or empty for an anonymous call
	 */
	protected Optional<CallPrincipal> getUser() {
		return CurrentCaller.get();
	}

	/**
	 * The caller; ends the call with UNAUTHENTICATED "Authentication required" when anonymous.
	 * @return the caller
	 */
	protected CallPrincipal requireUser() {
		return getUser().orElseThrow(() -> abortUnauthenticated(Refusal.AUTHENTICATION_REQUIRED.message()));
	}

	/**
	 * Whether the caller holds a permission (a superuser holds all).
	 * @param permission {@code app.codename}, for example {@code orders.add_order}
	 * @return false for an anonymous call
	 */
	protected boolean checkPermission(String permission) {
		return getUser().map((user) -> user.hasPermission(permission)).orElse(false);
	}

	/**
	 * Ends the call with PERMISSION_DENIED "Permission '&lt;permission&gt;' required" unless the
	 * caller holds the permission (UNAUTHENTICATED when anonymous).
	 * @param permission {@code app.codename}
	 * @return the caller
	 */
	protected CallPrincipal requirePermission(String permission) {
		return requirePermission(permission, Refusal.PERMISSION_REQUIRED.message(permission));
	}

	/**
	 * Like {@link #requirePermission(String)}, with a message of your own.
	 * @param permission {@code app.codename}
	 * @param message the status message
	 * @return the caller
	 */
	protected CallPrincipal requirePermission(String permission, String message) {
		CallPrincipal user = requireUser();
		if (!user.hasPermission(permission)) {
			throw abortPermissionDenied(message);
		}
		return user;
	}

	/**
	 * Whether the caller is staff.
	 * @return false for an anonymous call
	 */
	protected boolean checkStaff() {
		return getUser().map(CallPrincipal::staff).orElse(false);
	}

	/**
	 * Ends the call with PERMISSION_DENIED "Staff access required" unless the caller is staff.
	 * @return the caller
	 */
	protected CallPrincipal requireStaff() {
		return requireStaff(Refusal.STAFF_REQUIRED.message());
	}

	/**
	 * Like {@link #requireStaff()}, with a message of your own.
	 * @param message the status message
	 * @return the caller
	 */
	protected CallPrincipal requireStaff(String message) {
		CallPrincipal user = requireUser();
		if (!user.staff()) {
			throw abortPermissionDenied(message);
		}
		return user;
	}

	/**
	 * Whether the caller is a superuser.
	 * @return false for an anonymous call
	 */
	protected boolean checkSuperuser() {
		return getUser().map(CallPrincipal::superuser).orElse(false);
	}

	/**
	 * Ends the call with PERMISSION_DENIED "Superuser access required" unless the caller is a
	 * superuser.
	 * @return the caller
	 */
	protected CallPrincipal requireSuperuser() {
		return requireSuperuser(Refusal.SUPERUSER_REQUIRED.message());
	}

	/**
	 * Like {@link #requireSuperuser()}, with a message of your own.
	 * @param message the status message
	 * @return the caller
	 */
	protected CallPrincipal requireSuperuser(String message) {
		CallPrincipal user = requireUser();
		if (!user.superuser()) {
			throw abortPermissionDenied(message);
		}
		return user;
	}

	/**
	 * Reads a decimal number a client sent as text, such as a price, safely: the text must be a
	 * plain decimal ({@code 19.99}, {@code -3}, {@code .5}; no exponent) with at most
	 * {@code precision} digits, {@code scale} of them after the point. Anything else ends the call
	 * with INVALID_ARGUMENT naming the field, before any arithmetic is done on the value: the text
	 * is checked in time proportional to the length allowed, so no client can make the server build
	 * (or print) a number of a billion digits, which {@code new BigDecimal("9e99999999")} invites.
	 * @param field the field's name as the client knows it, for the message (for example {@code max_price})
	 * @param text what the client sent
	 * @param precision digits at most, 1 to 1000, for example 12 for a {@code NUMERIC(12,2)} column
	 * @param scale digits after the point at most, 0 to {@code precision}
	 * @return the number, or null when the text is blank (the field was not set)
	 */
	protected BigDecimal decimalArgument(String field, String text, int precision, int scale) {
		if (precision < 1 || precision > 1000 || scale < 0 || scale > precision) {
			throw new IllegalArgumentException("precision must be 1 to 1000 and scale 0 to precision");
		}
		if (text == null || text.isBlank()) {
			return null;
		}
		String value = (text.length() <= precision + 3) ? text.strip() : null;
		String expected = field + " must be a decimal number with at most " + (precision - scale)
				+ " digits before the point and " + scale + " after it, such as \"" + example(precision, scale) + "\"";
		if (value == null || !isPlainDecimal(value)) {
			throw abortInvalidArgument(expected);
		}
		BigDecimal number = new BigDecimal(value);
		if (number.scale() > scale || number.precision() - number.scale() > precision - scale) {
			throw abortInvalidArgument(expected);
		}
		return number;
	}

	private static boolean isPlainDecimal(String value) {
		int start = (value.startsWith("-") || value.startsWith("+")) ? 1 : 0;
		int digits = 0;
		boolean point = false;
		for (int i = start; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '.' && !point) {
				point = true;
			}
			else if (c >= '0' && c <= '9') {
				digits++;
			}
			else {
				return false;
			}
		}
		return digits > 0;
	}

	private static String example(int precision, int scale) {
		String whole = (precision - scale > 1) ? "19" : "1";
		return (scale == 0) ? whole : whole + "." + "99".substring(0, Math.min(2, scale));
	}

	/**
	 * A request header (metadata) of the current call.
	 * @param key the header name, matched case-insensitively; binary headers end in {@code -bin}
	 * and are not read here
	 * @return the last value sent, or empty
	 */
	protected Optional<String> getMetadata(String key) {
		return call().header(key);
	}

	/**
	 * Adds a value to a trailer (trailing metadata) of the current call's response, sent with its
	 * status whether the call succeeds or fails. Calling it again with the same name adds another
	 * value rather than replacing the first; a trailer added after the call has ended is not sent.
	 * @param key the trailer name
	 * @param value its value
	 */
	protected void setTrailer(String key, String value) {
		call().addTrailer(key, value);
	}

	/**
	 * The address of the client of the current call.
	 * @return for example {@code /127.0.0.1:53412}, or empty when the transport does not say
	 */
	protected Optional<String> getPeer() {
		return call().peer();
	}

	private static CallContext call() {
		return CallContext.current()
			.orElseThrow(() -> new IllegalStateException("Not inside a gRPC call served by cfg-grpc"));
	}

}
