package dev.cfg.grpc.testapp;

import org.springframework.stereotype.Component;

/** A bean that discovered services and configured interceptors get through their constructors. */
@Component
public class Greeting {

	public String text() {
		return "injected";
	}

}
