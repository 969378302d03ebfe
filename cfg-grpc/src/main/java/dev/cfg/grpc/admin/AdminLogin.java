package dev.cfg.grpc.admin;

import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in page (Spring Security's form login takes the POST) and the page of refusals. */
@Controller
@RequestMapping("${cfg.grpc.admin.path:/admin}")
final class AdminLogin extends AdminPage {

	@GetMapping("/login")
	String login(@RequestParam(name = "error", required = false) String error,
			@RequestParam(name = "throttled", required = false) String throttled,
			@RequestParam(name = "not-staff", required = false) String notStaff,
			@RequestParam(name = "signed-out", required = false) String signedOut, Model model) {
		if (throttled != null) {
			model.addAttribute("error", "Too many sign-in attempts. Try again in "
					+ (throttled.matches("\\d{1,6}") ? throttled : "a few") + " seconds.");
		}
		else if (notStaff != null) {
			model.addAttribute("error",
					"This account is not staff: the admin is for staff users. Ask a superuser to make you staff.");
		}
		else if (error != null) {
			model.addAttribute("error", "Wrong username or password, or the account is inactive.");
		}
		else if (signedOut != null) {
			model.addAttribute("notice", "You have signed out.");
		}
		return page(model, "login", "Sign in");
	}

	/** Where a signed-in user lands on a page beyond their rights (users are for superusers). */
	@RequestMapping("/denied")
	String denied(Model model, jakarta.servlet.http.HttpServletRequest request,
			jakarta.servlet.http.HttpServletResponse response) {
		response.setStatus(403);
		if (request.getAttribute(WebAttributes.ACCESS_DENIED_403) instanceof CsrfException) {
			return problem(model, "Form refused", "This form has expired or did not come from this admin. "
					+ "Go back, reload the page and send it again.");
		}
		return problem(model, "Not allowed",
				"Only superusers may manage users. Ask a superuser if you need to change an account.");
	}

}
