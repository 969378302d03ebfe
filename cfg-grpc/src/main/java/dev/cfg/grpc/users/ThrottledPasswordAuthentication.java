package dev.cfg.grpc.users;

import java.util.Optional;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Checks usernames and passwords for Spring Security (HTTP Basic, form logins) through the same
 * {@link LoginThrottle} as the token endpoint: an attempt over the limit is refused before the
 * password is looked at. Spring's own provider does the check, including the same work for an
 * unknown username as for a wrong password.
 */
final class ThrottledPasswordAuthentication implements AuthenticationProvider {

	private final DaoAuthenticationProvider passwords;

	private final LoginThrottle throttle;

	ThrottledPasswordAuthentication(DaoAuthenticationProvider passwords, LoginThrottle throttle) {
		this.passwords = passwords;
		this.throttle = throttle;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		String username = authentication.getName();
		String address = (authentication.getDetails() instanceof WebAuthenticationDetails web)
				? web.getRemoteAddress() : "-";
		// A wrong password throws from Spring's provider, so only a right one is taken back.
		return this.throttle
			.check(username, address, () -> Optional.ofNullable(this.passwords.authenticate(authentication)))
			.orElse(null);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
