package dev.cfg.grpc.testapp;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** An application's own REST endpoint under the same first segment as the HTTP/JSON routes. */
@RestController
public class OwnController {

	@GetMapping("/v1/own")
	String own() {
		return "the application's own";
	}

}
