package dev.cfg.grpc.admin;

import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.cfg.grpc.users.UserAccount;
import dev.cfg.grpc.users.UserStore;

/**
 * Users, for superusers: list and search, create, and on a user's page: password, active, staff
 * and superuser flags, groups and permissions. Every change goes through {@link UserStore}, whose
 * events evict the user from the principal cache, so gRPC sees it on the next call.
 */
@Controller
@RequestMapping("${cfg.grpc.admin.path:/admin}")
final class AdminUsers extends AdminPage {

	private static final int MAX_NAME = 150;

	private final UserStore users;

	AdminUsers(UserStore users) {
		this.users = users;
	}

	@GetMapping("/users")
	String list(@RequestParam(name = "q", required = false) String query, Model model) {
		String text = (query != null) ? query.strip().toLowerCase(Locale.ROOT) : "";
		if (text.length() > MAX_NAME) {
			throw new BadParameterException("q", "at most " + MAX_NAME + " characters");
		}
		List<UserAccount> all = this.users.findAll();
		model.addAttribute("users", text.isEmpty() ? all
				: all.stream()
					.filter((user) -> user.getUsername().toLowerCase(Locale.ROOT).contains(text)
							|| user.getEmail().toLowerCase(Locale.ROOT).contains(text))
					.toList());
		model.addAttribute("q", text);
		return page(model, "users", "Users");
	}

	@PostMapping("/users")
	String create(@RequestParam String username, @RequestParam(defaultValue = "") String email,
			@RequestParam String password, @RequestParam(defaultValue = "false") boolean staff,
			@RequestParam(defaultValue = "false") boolean superuser, Model model, HttpServletResponse response,
			RedirectAttributes redirect) {
		if (username.isBlank() || username.length() > MAX_NAME || password.length() < 8 || password.length() > 1024) {
			response.setStatus(400);
			model.addAttribute("problem",
					"A username of 1 to " + MAX_NAME + " characters and a password of 8 to 1024 characters are needed.");
			return list(null, model);
		}
		try {
			this.users.createUser(username, email, password, staff, superuser);
		}
		catch (IllegalArgumentException ex) {
			response.setStatus(400);
			model.addAttribute("problem", ex.getMessage());
			return list(null, model);
		}
		redirect.addFlashAttribute("notice", "User " + username.strip() + " created.");
		return "redirect:users/" + encoded(username.strip());
	}

	@GetMapping("/users/{username}")
	String user(@PathVariable String username, Model model, HttpServletResponse response) {
		UserAccount user = (username.length() <= MAX_NAME) ? this.users.findByUsername(username).orElse(null) : null;
		if (user == null) {
			response.setStatus(404);
			return problem(model, "No such user", "There is no user with this name.");
		}
		model.addAttribute("user", user);
		model.addAttribute("permissions", this.users.allPermissions());
		return page(model, "user", "User " + user.getUsername());
	}

	@PostMapping("/users/{username}")
	String change(@PathVariable String username, @RequestParam String action,
			@RequestParam(defaultValue = "") String value, @RequestParam(defaultValue = "false") boolean staff,
			@RequestParam(defaultValue = "false") boolean superuser, Model model, HttpServletResponse response,
			RedirectAttributes redirect) {
		if (this.users.findByUsername(username).isEmpty()) {
			response.setStatus(404);
			return problem(model, "No such user", "There is no user with this name.");
		}
		String notice;
		try {
			notice = switch (action) {
				case "password" -> {
					if (value.length() < 8 || value.length() > 1024) {
						throw new IllegalArgumentException("A password has 8 to 1024 characters.");
					}
					this.users.setPassword(username, value);
					yield "Password changed.";
				}
				case "activate" -> {
					this.users.setActive(username, true);
					yield "Activated: the user may sign in and call again.";
				}
				case "deactivate" -> {
					this.users.setActive(username, false);
					yield "Deactivated: the user's tokens and API keys stop working at once.";
				}
				case "roles" -> {
					this.users.setRoles(username, staff, superuser);
					yield "Staff and superuser flags saved.";
				}
				case "add-group" -> {
					this.users.addToGroup(username, name(value));
					yield "Added to group " + value.strip() + ".";
				}
				case "remove-group" -> {
					this.users.removeFromGroup(username, value);
					yield "Removed from group " + value + ".";
				}
				case "grant" -> {
					this.users.grantPermission(username, value.strip());
					yield "Granted " + value.strip() + ".";
				}
				case "revoke" -> {
					this.users.revokePermission(username, value);
					yield "Revoked " + value + ".";
				}
				default -> throw new IllegalArgumentException("Unknown change: " + action);
			};
		}
		catch (IllegalArgumentException ex) {
			response.setStatus(400);
			model.addAttribute("problem", ex.getMessage());
			return user(username, model, response);
		}
		redirect.addFlashAttribute("notice", notice);
		return "redirect:" + encoded(username);
	}

	private static String name(String value) {
		String name = value.strip();
		if (name.isEmpty() || name.length() > MAX_NAME) {
			throw new IllegalArgumentException("A group name has 1 to " + MAX_NAME + " characters.");
		}
		return name;
	}

	private static String encoded(String username) {
		return org.springframework.web.util.UriUtils.encodePathSegment(username, java.nio.charset.StandardCharsets.UTF_8);
	}

}
