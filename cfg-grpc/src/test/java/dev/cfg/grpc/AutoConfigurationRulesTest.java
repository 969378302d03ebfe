package dev.cfg.grpc;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boot's idiom, held for every auto-configuration cfg-grpc registers: a bean whose type is part of
 * cfg-grpc's API (something an application calls or extends) gives way to the application's own
 * bean of that type; and each auto-configuration has its own ApplicationContextRunner test beside it
 * (named after it: {@code CfgGrpcLogAutoConfiguration} → {@code LogAutoConfigurationTest}).
 */
class AutoConfigurationRulesTest {

	private static final Path IMPORTS = Path.of("src/main/resources/META-INF/spring/"
			+ "org.springframework.boot.autoconfigure.AutoConfiguration.imports");

	@Test
	void everyBeanOfAnApiTypeGivesWayToTheApplicationsOwn() throws Exception {
		List<String> without = new ArrayList<>();
		for (Class<?> configuration : autoConfigurations()) {
			for (Class<?> type : withNested(configuration)) {
				for (Method method : type.getDeclaredMethods()) {
					Class<?> bean = method.getReturnType();
					if (method.isAnnotationPresent(Bean.class) && isApi(bean)
							&& !method.isAnnotationPresent(ConditionalOnMissingBean.class)) {
						without.add(type.getSimpleName() + "." + method.getName() + " (" + bean.getSimpleName() + ")");
					}
				}
			}
		}
		assertThat(without).as("beans of API types without @ConditionalOnMissingBean").isEmpty();
	}

	@Test
	void everyAutoConfigurationHasItsOwnContextRunnerTest() throws Exception {
		List<String> missing = new ArrayList<>();
		for (Class<?> configuration : autoConfigurations()) {
			String test = configuration.getPackageName() + "."
					+ configuration.getSimpleName().replaceFirst("^CfgGrpc|^Cfg", "") + "Test";
			try {
				Class.forName(test, false, getClass().getClassLoader());
			}
			catch (ClassNotFoundException ex) {
				missing.add(test);
			}
		}
		assertThat(missing).as("auto-configurations without an ApplicationContextRunner test").isEmpty();
	}

	/** Public, cfg-grpc's own, not an internal door and not an auto-configuration. */
	private static boolean isApi(Class<?> type) {
		return type.getName().startsWith("dev.cfg.grpc.") && Modifier.isPublic(type.getModifiers())
				&& !type.getName().contains(".internal.") && !type.getSimpleName().endsWith("AutoConfiguration");
	}

	private static List<Class<?>> withNested(Class<?> configuration) {
		List<Class<?>> types = new ArrayList<>(List.of(configuration));
		types.addAll(List.of(configuration.getDeclaredClasses()));
		return types;
	}

	private static List<Class<?>> autoConfigurations() throws IOException, ClassNotFoundException {
		List<Class<?>> classes = new ArrayList<>();
		for (String line : Files.readAllLines(IMPORTS)) {
			if (!line.isBlank() && !line.startsWith("#")) {
				classes.add(Class.forName(line.strip(), false, AutoConfigurationRulesTest.class.getClassLoader()));
			}
		}
		assertThat(classes).hasSizeGreaterThan(10);
		return classes;
	}

}
