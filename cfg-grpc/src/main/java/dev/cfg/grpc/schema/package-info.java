/**
 * Flyway for cfg-grpc's own tables ({@code classpath:db/cfg-grpc}, history in
 * {@code cfg_schema_history}), migrated before the application's. Public:
 * {@link dev.cfg.grpc.schema.CfgSchemaAutoConfiguration} and its constants, and
 * {@link dev.cfg.grpc.schema.PendingMigrations}, which tells commands whether there is anything to
 * migrate without starting Flyway.
 */
package dev.cfg.grpc.schema;
