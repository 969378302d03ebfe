package dev.cfg.grpc.server;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.grpc.BindableService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.util.ClassUtils;

import dev.cfg.grpc.config.internal.ClassSetting;

/**
 * Registers as beans the services listed in {@code cfg.grpc.enabled-apps} (packages, searched for
 * concrete classes implementing {@link BindableService}) and {@code cfg.grpc.custom-services}
 * (class names). Beans, so constructor injection and {@code @Transactional} work. It runs while
 * configuration classes are read, before Boot decides whether there are services to serve.
 */
final class ServiceDiscoveryRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, ResourceLoaderAware {

	static final String CUSTOM_SERVICES = "cfg.grpc.custom-services";

	static final String ENABLED_APPS = "cfg.grpc.enabled-apps";

	private static final Log logger = LogFactory.getLog(ServiceDiscoveryRegistrar.class);

	private Environment environment;

	private ResourceLoader resourceLoader;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setResourceLoader(ResourceLoader resourceLoader) {
		this.resourceLoader = resourceLoader;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		Binder binder = Binder.get(this.environment);
		Set<String> known = knownBeanClasses(registry);
		if (binder.bind("cfg.grpc.auto-register-apps", Boolean.class).orElse(true)) {
			for (String packageName : binder.bind(ENABLED_APPS, Bindable.listOf(String.class)).orElse(List.of())) {
				scan(packageName.strip(), registry, known);
			}
		}
		for (String className : binder.bind(CUSTOM_SERVICES, Bindable.listOf(String.class)).orElse(List.of())) {
			register(loadServiceClass(className.strip()), registry, known);
		}
	}

	private void scan(String packageName, BeanDefinitionRegistry registry, Set<String> known) {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false,
				this.environment);
		scanner.setResourceLoader(this.resourceLoader);
		scanner.addIncludeFilter(new AssignableTypeFilter(BindableService.class));
		Set<BeanDefinition> candidates = scanner.findCandidateComponents(packageName);
		if (candidates.isEmpty()) {
			logger.warn(ENABLED_APPS + ": no classes implementing io.grpc.BindableService in package '" + packageName
					+ "'");
		}
		for (BeanDefinition candidate : candidates) {
			register(ClassUtils.resolveClassName(candidate.getBeanClassName(), this.resourceLoader.getClassLoader()),
					registry, known);
		}
	}

	private Class<?> loadServiceClass(String className) {
		return ClassSetting.load(CUSTOM_SERVICES, className, BindableService.class, this.resourceLoader.getClassLoader());
	}

	private static void register(Class<?> type, BeanDefinitionRegistry registry, Set<String> known) {
		if (!known.add(type.getName())) {
			return;
		}
		RootBeanDefinition definition = new RootBeanDefinition(type);
		definition.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
		registry.registerBeanDefinition("cfgGrpcService." + type.getName(), definition);
	}

	private static Set<String> knownBeanClasses(BeanDefinitionRegistry registry) {
		Set<String> classes = new HashSet<>();
		for (String name : registry.getBeanDefinitionNames()) {
			String className = registry.getBeanDefinition(name).getBeanClassName();
			if (className != null) {
				classes.add(className);
			}
		}
		return classes;
	}

}
