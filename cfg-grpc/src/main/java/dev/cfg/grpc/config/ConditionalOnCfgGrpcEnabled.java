package dev.cfg.grpc.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;


/**
 * Matches unless {@code cfg.grpc.enabled} is {@code false}: the switch that turns every part of
 * cfg-grpc off at once. Each feature's auto-configuration carries it.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnBooleanProperty(name = "cfg.grpc.enabled", matchIfMissing = true)
public @interface ConditionalOnCfgGrpcEnabled {

}
