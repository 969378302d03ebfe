package dev.cfg.grpc.users;

import java.time.Clock;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.cfg.grpc.auth.UserResolver;

/**
 * The built-in user store ({@code cfg_user}, {@code cfg_group}, {@code cfg_permission}) and the
 * {@link UserResolver} over it. Replace the resolver by declaring your own {@link UserResolver}
 * bean; turn the store off with {@code cfg.grpc.users.enabled=false}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration")
@ConditionalOnBooleanProperty(name = "cfg.grpc.users.enabled", matchIfMissing = true)
@ConditionalOnBean(EntityManagerFactory.class)
@Import(CfgGrpcUsersAutoConfiguration.EntityPackage.class)
public final class CfgGrpcUsersAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PasswordEncoder cfgGrpcPasswordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	UserStore cfgGrpcUserStore(EntityManager entityManager, PlatformTransactionManager transactionManager,
			PasswordEncoder passwords, ApplicationEventPublisher events) {
		return new UserStore(entityManager, new TransactionTemplate(transactionManager), passwords, events,
				Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean(UserResolver.class)
	UserResolver cfgGrpcStoreUserResolver(UserStore users) {
		return new StoreUserResolver(users);
	}

	/** Adds this package to the ones JPA scans for entities, beside the application's own. */
	static final class EntityPackage implements ImportBeanDefinitionRegistrar {

		@Override
		public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
			AutoConfigurationPackages.register(registry, UserAccount.class.getPackageName());
		}

	}

}
