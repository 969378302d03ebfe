package dev.cfg.grpc.proto;

import jakarta.persistence.EntityManagerFactory;

import java.nio.file.Path;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;
import org.springframework.orm.jpa.SharedEntityManagerCreator;

import dev.cfg.grpc.config.CfgGrpcProperties;

/**
 * {@link EntityMessages}, for copying between entities and messages in services, and the
 * regeneration of the entities' protos at startup in the {@code dev} profile, when the application
 * has JPA.
 */
@AutoConfiguration(afterName = "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration")
@ConditionalOnBean(EntityManagerFactory.class)
public final class CfgGrpcProtoAutoConfiguration {

	private static final Log logger = LogFactory.getLog(CfgGrpcProtoAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	EntityMessages cfgGrpcEntityMessages(EntityManagerFactory jpa) {
		return new EntityMessages(jpa.getMetamodel(), SharedEntityManagerCreator.createSharedEntityManager(jpa));
	}

	/**
	 * In the {@code dev} profile, with {@code cfg.grpc.proto.auto-generate} on (the default), writes
	 * the protos of every entity into {@code cfg.grpc.proto.output-dir} once the application has
	 * started, as {@code genproto} would: a developer who changed an entity sees its contract change
	 * at the next start. Never in other profiles: a server does not write into its folder.
	 */
	@Bean
	@Profile("dev")
	@ConditionalOnBooleanProperty(name = "cfg.grpc.proto.auto-generate", matchIfMissing = true)
	ApplicationListener<ApplicationReadyEvent> cfgGrpcProtoAutoGeneration(EntityManagerFactory jpa,
			CfgGrpcProperties properties) {
		return (event) -> {
			Path folder = Path.of(properties.proto().outputDir());
			Map<String, String> files;
			try {
				files = EntityProtos.generate(jpa.getMetamodel(),
						new EntityProtos.Options(properties.proto().packagePrefix(),
								EntityProtos.selection(EntityProtos.defaultSelection(properties)), folder,
								properties.proto().includeServices()));
			}
			catch (IllegalArgumentException ex) {
				logger.warn("genproto at startup (dev profile): " + ex.getMessage());
				return;
			}
			long written = EntityProtos.write(folder, files).values().stream().filter(Boolean::booleanValue).count();
			logger.info("genproto at startup (dev profile): " + files.size() + " files in " + folder.toAbsolutePath()
					+ ", " + written + " written; cfg.grpc.proto.auto-generate=false turns this off");
		};
	}

}
