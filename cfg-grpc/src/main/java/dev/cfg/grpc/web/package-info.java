/**
 * HTTP security for cfg-grpc's paths ({@code /cfg/**}, {@code /actuator/**}): staff only, signed
 * in with a bearer access token or HTTP Basic. Internal apart from its auto-configuration.
 */
package dev.cfg.grpc.web;
