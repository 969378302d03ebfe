package dev.cfg.grpc.proto;

import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.cfg.grpc.AutoConfigurationRunners;
import dev.cfg.grpc.config.CfgGrpcConfigAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entity messages: on with JPA, absent without it, replaced by an application's own; protos are
 * generated at startup only in the dev profile, and not with their switch off.
 */
class ProtoAutoConfigurationTest {

	private final ApplicationContextRunner runner = AutoConfigurationRunners
		.withH2(new ApplicationContextRunner(), "proto-autoconfiguration", true)
		.withConfiguration(AutoConfigurations.of(CfgGrpcConfigAutoConfiguration.class, CfgGrpcProtoAutoConfiguration.class))
		.withUserConfiguration(EntityProtosTest.Model.class)
		.withPropertyValues("spring.jpa.hibernate.ddl-auto=create-drop", "spring.flyway.enabled=false");

	@Test
	void onWithJpa() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(EntityMessages.class)
			.doesNotHaveBean("cfgGrpcProtoAutoGeneration"));
	}

	@Test
	void needsJpa() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CfgGrpcConfigAutoConfiguration.class, CfgGrpcProtoAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(EntityMessages.class));
	}

	@Test
	void anApplicationsOwnEntityMessagesWin() {
		this.runner.withUserConfiguration(OwnMessages.class)
			.run((context) -> assertThat(context).hasSingleBean(EntityMessages.class).hasBean("ownMessages"));
	}

	@Test
	void startupGenerationOnlyInTheDevProfileAndWithItsSwitch() {
		this.runner.withPropertyValues("spring.profiles.active=dev", "cfg.grpc.proto.output-dir=target/proto-autoconfiguration")
			.run((context) -> assertThat(context).hasBean("cfgGrpcProtoAutoGeneration"));
		this.runner.withPropertyValues("spring.profiles.active=dev", "cfg.grpc.proto.auto-generate=false")
			.run((context) -> assertThat(context).doesNotHaveBean("cfgGrpcProtoAutoGeneration"));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnMessages {

		@Bean
		EntityMessages ownMessages(EntityManagerFactory jpa) {
			return new EntityMessages(jpa.getMetamodel(), jpa.createEntityManager());
		}

	}

}
