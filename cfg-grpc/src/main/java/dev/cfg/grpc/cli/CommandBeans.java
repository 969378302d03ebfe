package dev.cfg.grpc.cli;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import dev.cfg.grpc.auth.CfgGrpcTokensAutoConfiguration;
import dev.cfg.grpc.config.CfgGrpcConfigAutoConfiguration;
import dev.cfg.grpc.log.CfgGrpcLogAutoConfiguration;
import dev.cfg.grpc.users.CfgGrpcUsersAutoConfiguration;

/**
 * The beans of the commands that work on cfg-grpc's tables ({@code token}, {@code apikey},
 * {@code createsuperuser}, {@code cleanup-logs}): the data source from {@code spring.datasource.*},
 * the {@code cfg.grpc} settings, the user and key stores, the token issuer and the request log's
 * retention, each made when a command first asks for it. Not the application's own beans and
 * auto-configurations, nor JPA, Flyway or any server: starting those is what made a command take
 * as long as the server's start. The same configuration files, profiles, environment variables and
 * command-line arguments apply as for the server.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
		JdbcTemplateAutoConfiguration.class, CfgGrpcConfigAutoConfiguration.class, CfgGrpcUsersAutoConfiguration.class,
		CfgGrpcTokensAutoConfiguration.class, CfgGrpcLogAutoConfiguration.class })
class CommandBeans {

}
