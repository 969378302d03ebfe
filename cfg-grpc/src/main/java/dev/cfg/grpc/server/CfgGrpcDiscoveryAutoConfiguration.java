package dev.cfg.grpc.server;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerServicesAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.health.GrpcServerHealthAutoConfiguration;
import org.springframework.context.annotation.Import;

import dev.cfg.grpc.config.ConditionalOnCfgGrpcEnabled;

/**
 * Registers the services listed in {@code cfg.grpc.enabled-apps} and
 * {@code cfg.grpc.custom-services} as beans. Ordered before every other gRPC auto-configuration
 * so that their "are there services?" conditions see these beans. Turn discovery by package off
 * with {@code cfg.grpc.auto-register-apps=false}.
 */
@AutoConfiguration(before = { CfgGrpcServerAutoConfiguration.class, GrpcServerAutoConfiguration.class,
		GrpcServerServicesAutoConfiguration.class, GrpcServerHealthAutoConfiguration.class })
@ConditionalOnCfgGrpcEnabled
@Import(ServiceDiscoveryRegistrar.class)
public final class CfgGrpcDiscoveryAutoConfiguration {

}
