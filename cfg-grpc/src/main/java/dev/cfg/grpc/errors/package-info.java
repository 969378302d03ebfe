/**
 * The error stage of the pipeline: exceptions from service code mapped to gRPC statuses, the last
 * of Spring Boot's exception handlers. Internal apart from its auto-configuration.
 */
package dev.cfg.grpc.errors;
