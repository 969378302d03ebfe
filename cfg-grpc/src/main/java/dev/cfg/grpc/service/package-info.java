/**
 * What service classes extend: {@link dev.cfg.grpc.service.BaseService} with its helpers,
 * {@link dev.cfg.grpc.service.AuthRequiredService} and {@link dev.cfg.grpc.service.ReadOnlyService};
 * and the guard stage of the pipeline that enforces them (internal).
 */
package dev.cfg.grpc.service;
