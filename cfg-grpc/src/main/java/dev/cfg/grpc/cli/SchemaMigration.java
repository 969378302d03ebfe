package dev.cfg.grpc.cli;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import dev.cfg.grpc.schema.CfgSchemaAutoConfiguration;

/**
 * Migrates the database as the server does when it starts (cfg-grpc's tables, then the
 * application's), for a command that finds the schema behind: a new database, or one the
 * application's newer version has not started on yet. A child of the {@link CommandBeans} context,
 * whose data source it uses.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ CfgSchemaAutoConfiguration.class, FlywayAutoConfiguration.class })
class SchemaMigration {

}
