package dev.cfg.grpc.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kubernetes manifests in deploy/k8s hang together and configure what they mean to. */
class KubernetesManifestsTest {

	static final Path FOLDER = Path.of("../deploy/k8s");

	static Map<String, Map<String, Object>> byKind = new HashMap<>();

	@BeforeAll
	@SuppressWarnings("unchecked")
	static void read() throws Exception {
		try (Stream<Path> files = Files.list(FOLDER)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".yaml")).toList()) {
				for (Object document : new Yaml().loadAll(Files.readString(file))) {
					Map<String, Object> manifest = (Map<String, Object>) document;
					assertThat(manifest).as(file.toString()).containsKeys("apiVersion", "kind", "metadata");
					byKind.put((String) manifest.get("kind"), manifest);
				}
			}
		}
		assertThat(byKind).containsOnlyKeys("Deployment", "Service", "ConfigMap", "Secret", "PodDisruptionBudget");
	}

	@Test
	void deploymentServiceAndBudgetSelectTheSamePods() {
		Map<String, Object> labels = map(get(byKind.get("Deployment"), "spec.template.metadata.labels"));
		assertThat(map(get(byKind.get("Deployment"), "spec.selector.matchLabels"))).isEqualTo(labels);
		assertThat(map(get(byKind.get("Service"), "spec.selector"))).isEqualTo(labels);
		assertThat(map(get(byKind.get("PodDisruptionBudget"), "spec.selector.matchLabels"))).isEqualTo(labels);
		int replicas = (Integer) get(byKind.get("Deployment"), "spec.replicas");
		assertThat((Integer) get(byKind.get("PodDisruptionBudget"), "spec.minAvailable")).isBetween(1, replicas - 1);
	}

	@Test
	void probesAskTheGrpcHealthServiceOnTheConfiguredPort() {
		Map<String, Object> container = container();
		Map<String, Object> config = map(get(byKind.get("ConfigMap"), "data"));
		int grpcPort = Integer.parseInt((String) config.get("CFG_GRPC_SERVER_PORT"));
		assertThat(ports(container)).containsEntry("grpc", grpcPort);
		for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
			assertThat(map(get(container, probe + ".grpc"))).as(probe).containsEntry("port", grpcPort)
				.containsEntry("service", "");
		}
		for (Object port : (List<?>) get(byKind.get("Service"), "spec.ports")) {
			assertThat(ports(container)).containsKey((String) map(port).get("targetPort"));
		}
	}

	@Test
	void podsGetTimeToDrainAfterTheirEndpointsAreRemoved() {
		Map<String, Object> config = map(get(byKind.get("ConfigMap"), "data"));
		Duration grace = DurationStyle.detectAndParse((String) config.get("CFG_GRPC_SERVER_SHUTDOWNGRACEPERIOD"));
		int preStop = (Integer) get(container(), "lifecycle.preStop.sleep.seconds");
		int termination = (Integer) get(byKind.get("Deployment"), "spec.template.spec.terminationGracePeriodSeconds");
		assertThat(preStop).isPositive();
		assertThat(Duration.ofSeconds(termination)).isGreaterThan(grace.plusSeconds(preStop + 5));
	}

	@Test
	void theEnvironmentReachesTheSettingsItNames() {
		Map<String, Object> container = container();
		List<String> sources = ((List<?>) container.get("envFrom")).stream()
			.map((source) -> map(source).values().iterator().next())
			.map((reference) -> (String) map(reference).get("name"))
			.toList();
		assertThat(sources).containsExactlyInAnyOrder((String) get(byKind.get("ConfigMap"), "metadata.name"),
				(String) get(byKind.get("Secret"), "metadata.name"));
		Map<String, Object> variables = new HashMap<>(map(get(byKind.get("ConfigMap"), "data")));
		variables.putAll(map(get(byKind.get("Secret"), "stringData")));
		StandardEnvironment environment = new StandardEnvironment();
		// In place of this machine's variables: the pod's, read the way Spring Boot reads them.
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		ConfigurationPropertySources.attach(environment);
		Binder binder = Binder.get(environment);
		assertThat(binder.bind("cfg.grpc.server.port", Integer.class).get()).isEqualTo(50051);
		assertThat(binder.bind("cfg.grpc.server.shutdown-grace-period", Duration.class).get())
			.isEqualTo(Duration.ofSeconds(20));
		assertThat(binder.bind("cfg.grpc.server.trusted-proxies", String[].class).get()).containsExactly("10.0.0.0/8");
		assertThat(binder.bind("cfg.secret-key", String.class).get()).hasSizeGreaterThanOrEqualTo(32);
		assertThat(binder.bind("spring.datasource.url", String.class).get()).startsWith("jdbc:postgresql:");
		assertThat(binder.bind("spring.profiles.active", String.class).get()).isEqualTo("postgres");
	}

	private static Map<String, Object> container() {
		return map(((List<?>) get(byKind.get("Deployment"), "spec.template.spec.containers")).get(0));
	}

	private static Map<String, Integer> ports(Map<String, Object> container) {
		Map<String, Integer> ports = new HashMap<>();
		for (Object port : (List<?>) container.get("ports")) {
			ports.put((String) map(port).get("name"), (Integer) map(port).get("containerPort"));
		}
		return ports;
	}

	private static Object get(Map<String, Object> manifest, String path) {
		Object value = manifest;
		for (String part : path.split("\\.")) {
			assertThat(value).as(path).isInstanceOf(Map.class);
			value = map(value).get(part);
		}
		assertThat(value).as(path).isNotNull();
		return value;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

}
