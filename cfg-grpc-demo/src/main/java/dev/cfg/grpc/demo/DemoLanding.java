package dev.cfg.grpc.demo;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * What a person sees first: a browser opening the demo's address lands in the admin, and the
 * console names the demo's users once the demo is ready.
 */
@Controller
class DemoLanding {

	private static final Log logger = LogFactory.getLog(DemoLanding.class);

	private final String adminPath;

	DemoLanding(@Value("${cfg.grpc.admin.path:/admin}") String adminPath) {
		this.adminPath = adminPath;
	}

	@GetMapping("/")
	String home() {
		return "redirect:" + this.adminPath + "/";
	}

	@EventListener(ApplicationReadyEvent.class)
	void ready() {
		logger.info("Demo users (demo data, not for real use): admin / admin123 (superuser: the admin and "
				+ "everything), alice / alice123 (may create orders), bob / bob123");
	}

}
