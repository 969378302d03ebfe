package dev.cfg.grpc.test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import dev.cfg.grpc.auth.TokenIssuer;
import dev.cfg.grpc.config.CfgGrpcProperties;
import dev.cfg.grpc.log.RequestLog;
import dev.cfg.grpc.log.RequestLogWriter;
import dev.cfg.grpc.users.ApiKeyStore;
import dev.cfg.grpc.users.UserStore;

/** The beans {@link CfgGrpcTest} gives a test. */
@Configuration(proxyBeanMethods = false)
class CfgGrpcTestConfiguration {

	@Bean
	GrpcTestClient cfgGrpcTestClient(GrpcServerLifecycle server, CfgGrpcProperties properties,
			ObjectProvider<TokenIssuer> tokens, ObjectProvider<UserStore> users) {
		return new GrpcTestClient(server, properties.auth(), tokens, users);
	}

	@Bean
	TestUsers cfgGrpcTestUsers(ObjectProvider<UserStore> users, ObjectProvider<ApiKeyStore> keys) {
		return new TestUsers(users, keys);
	}

	@Bean
	RequestLogAssertions cfgGrpcRequestLogAssertions(ObjectProvider<RequestLog> log,
			ObjectProvider<RequestLogWriter> writer) {
		return new RequestLogAssertions(log, writer);
	}

}
