package dev.cfg.grpc;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.cfg.grpc.log.RequestLogRecord;
import dev.cfg.grpc.log.RequestLogWriter;
import dev.cfg.grpc.pipeline.CallContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public surface is the API a user configures, extends or calls: this list, and nothing else
 * outside the {@code internal} packages (the doors between cfg-grpc's own packages, documented as
 * not API). A new public type fails here until it is added on purpose, with its Javadoc.
 */
class PublicSurfaceTest {

	/** The API, by name below {@code dev.cfg.grpc}. */
	private static final Set<String> API = Set.of(
			"admin.CfgGrpcAdminAutoConfiguration",
			"auth.ApiKeyCheck",
			"auth.CallPrincipal",
			"auth.CfgGrpcAuthAutoConfiguration",
			"auth.CfgGrpcTokensAutoConfiguration",
			"auth.CurrentCaller",
			"auth.LoginThrottledException",
			"auth.TokenIssuer",
			"auth.UserChangedEvent",
			"auth.UserResolver",
			"cli.CfgGrpcApplication",
			"client.CfgGrpcClientAutoConfiguration",
			"config.CfgGrpcConfigAutoConfiguration",
			"config.CfgGrpcConfigException",
			"config.CfgGrpcProperties",
			"config.ClientSettings",
			"config.ProtoSettings",
			"config.ServerTlsSettings",
			"config.WebSettings",
			"config.RateLimitSettings",
			"config.ConditionalOnCfgGrpcEnabled",
			"errors.CfgGrpcErrorsAutoConfiguration",
			"errors.StatusDetails",
			"fleet.CfgGrpcFleetAutoConfiguration",
			"gateway.CfgGrpcGatewayAutoConfiguration",
			"fleet.InstanceRecord",
			"fleet.InstanceState",
			"fleet.ServerInstances",
			"limits.CallRate",
			"limits.CallerBuckets",
			"limits.CfgGrpcLimitsAutoConfiguration",
			"log.CallStatistics",
			"log.CfgGrpcLogAutoConfiguration",
			"log.RequestFilter",
			"log.RequestLog",
			"log.RequestLogColumn",
			"log.RequestLogRecord",
			"log.RequestLogRetention",
			"log.RequestLogWriter",
			"log.RequestPage",
			"log.TimeWindow",
			"log.TimelinePoint",
			"monitor.CfgGrpcMonitorAutoConfiguration",
			"pipeline.ActiveCalls",
			"pipeline.CallCompleted",
			"pipeline.CallContext",
			"pipeline.CallObserver",
			"pipeline.CallOutcome",
			"pipeline.CallerIdentity",
			"pipeline.CfgGrpcPipelineAutoConfiguration",
			"pipeline.PipelineOrder",
			"pipeline.Refusal",
			"pipeline.RequestIds",
			"pipeline.ServerInstance",
			"proto.CfgGrpcProtoAutoConfiguration",
			"proto.EntityMessages",
			"proto.EntityProtos",
			"schema.CfgSchemaAutoConfiguration",
			"schema.PendingMigrations",
			"server.CfgGrpcDiscoveryAutoConfiguration",
			"server.CfgGrpcServerAutoConfiguration",
			"server.ServiceRegistry",
			"service.AuthRequiredService",
			"service.BaseService",
			"service.CfgGrpcServiceAutoConfiguration",
			"service.ReadOnlyService",
			"users.ApiKeyStore",
			"users.CfgGrpcUsersAutoConfiguration",
			"users.UserAccount",
			"users.UserStore",
			"validation.CfgGrpcValidationAutoConfiguration",
			"web.CfgGrpcWebSecurityAutoConfiguration");

	@Test
	void onlyTheApiIsPublicOutsideInternalPackages() throws IOException {
		Set<String> publicTypes = new TreeSet<>();
		Path classes = Path.of("target", "classes");
		try (Stream<Path> files = Files.walk(classes.resolve("dev/cfg/grpc"))) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".class")).toList()) {
				String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
				if (name.contains("$") || name.endsWith("package-info")) {
					continue;
				}
				if (Modifier.isPublic(load(name).getModifiers()) && !name.contains(".internal.")) {
					publicTypes.add(name.substring("dev.cfg.grpc.".length()));
				}
			}
		}
		assertThat(publicTypes).as("public types outside the internal packages").containsExactlyInAnyOrderElementsOf(API);
	}

	@Test
	void applicationsCannotWriteLogRows() {
		assertThat(publicMethods(RequestLogWriter.class))
			.noneMatch((method) -> Arrays.asList(method.getParameterTypes()).contains(RequestLogRecord.class));
	}

	@Test
	void theCallContextsOnlyPublicWriteIsATrailer() {
		assertThat(publicMethods(CallContext.class).stream()
			.filter((method) -> method.getReturnType() == void.class)
			.map(Method::getName)).containsExactly("addTrailer");
	}

	private static List<Method> publicMethods(Class<?> type) {
		return Arrays.stream(type.getDeclaredMethods()).filter((method) -> Modifier.isPublic(method.getModifiers())).toList();
	}

	private static Class<?> load(String name) {
		try {
			return Class.forName(name, false, PublicSurfaceTest.class.getClassLoader());
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
