package dev.cfg.grpc.admin;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every admin page has: the admin's path for links, the signed-in user for the header, and
 * the answer to a parameter that cannot be read (400 with a page that says which and why).
 */
abstract class AdminPage {

	/** The view every page is rendered in: pages differ by the fragment named {@code page}. */
	static final String LAYOUT = "cfg-admin/layout";

	private static final Formats FORMATS = new Formats();

	/** The signed-in user as the header shows them. */
	record SignedIn(String username, boolean superuser) {
	}

	@ModelAttribute("admin")
	String admin(@Value("${cfg.grpc.admin.path:/admin}") String path) {
		return path;
	}

	@ModelAttribute("fmt")
	Formats formats() {
		return FORMATS;
	}

	@ModelAttribute("me")
	SignedIn signedIn(Authentication authentication) {
		if (authentication == null) {
			return null;
		}
		boolean superuser = authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.anyMatch("ROLE_SUPERUSER"::equals);
		return new SignedIn(authentication.getName(), superuser);
	}

	@ExceptionHandler(BadParameterException.class)
	String badParameter(BadParameterException ex, Model model, HttpServletResponse response) {
		response.setStatus(400);
		return problem(model, "Cannot show this page", ex.getMessage());
	}

	static String page(Model model, String page, String title) {
		model.addAttribute("page", page);
		model.addAttribute("title", title);
		return LAYOUT;
	}

	static String problem(Model model, String title, String message) {
		model.addAttribute("message", message);
		return page(model, "problem", title);
	}

	/** A query parameter that cannot be used, named with the reason. */
	static final class BadParameterException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		BadParameterException(String parameter, String reason) {
			super("Parameter '" + parameter + "': " + reason);
		}

	}

}
