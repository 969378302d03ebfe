package dev.cfg.grpc.admin;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.cfg.grpc.users.ApiKeyStore;
import dev.cfg.grpc.users.UserStore;

/**
 * API keys: the list (prefix, user, name, dates, use), creating one for a user (its value shown
 * once, on the page that answers the form, and never again), revoking one.
 */
@Controller
@RequestMapping("${cfg.grpc.admin.path:/admin}")
final class AdminApiKeys extends AdminPage {

	private final ApiKeyStore keys;

	private final UserStore users;

	AdminApiKeys(ApiKeyStore keys, UserStore users) {
		this.keys = keys;
		this.users = users;
	}

	@GetMapping("/api-keys")
	String list(Model model) {
		model.addAttribute("keys", this.keys.list());
		model.addAttribute("usernames", this.users.findAll().stream().map((user) -> user.getUsername()).toList());
		return page(model, "api-keys", "API keys");
	}

	@PostMapping("/api-keys")
	String create(@RequestParam String username, @RequestParam String name,
			@RequestParam(required = false) String expires, Model model, HttpServletResponse response) {
		Instant expiresAt;
		try {
			expiresAt = (expires == null || expires.isBlank()) ? null
					: LocalDate.parse(expires.strip()).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeException ex) {
			response.setStatus(400);
			model.addAttribute("problem", "The expiry date must be a date such as 2027-01-31.");
			return list(model);
		}
		if (name.isBlank() || name.length() > 100) {
			response.setStatus(400);
			model.addAttribute("problem", "Give the key a name of 1 to 100 characters.");
			return list(model);
		}
		try {
			ApiKeyStore.CreatedKey created = this.keys.create(username, name.strip(), expiresAt);
			model.addAttribute("created", created);
		}
		catch (IllegalArgumentException ex) {
			response.setStatus(400);
			model.addAttribute("problem", ex.getMessage());
		}
		// The value is shown on this answer only: the list never holds it.
		response.setHeader("Cache-Control", "no-store");
		return list(model);
	}

	@PostMapping("/api-keys/revoke")
	String revoke(@RequestParam String prefix, RedirectAttributes redirect) {
		String notice;
		try {
			int revoked = (prefix.length() == ApiKeyStore.PREFIX_LENGTH) ? this.keys.revoke(prefix) : 0;
			notice = (revoked > 0) ? "Key " + prefix + "… revoked: it stops working at once."
					: "No active key starts with " + prefix + ".";
		}
		catch (IllegalArgumentException ex) {
			notice = ex.getMessage() + ": revoke it from the command line with its full value.";
		}
		redirect.addFlashAttribute("notice", notice);
		return "redirect:../api-keys";
	}

}
