/**
 * The gRPC services on the HTTP port: gRPC-Web (binary and text) and the Connect protocol, for
 * browsers and HTTP tools. Each call goes through an in-process channel to Spring Boot's
 * in-process server, which serves the same services through the same interceptors as the network
 * server: auth, guards, validation, error mapping, the request log, metrics and tracing treat it
 * as any other call. The entry point only translates: it reads the HTTP request into a gRPC call
 * (marking it with the protocol and the HTTP client's address) and writes the call's messages and
 * status back in the protocol's form. Internal apart from its auto-configuration.
 */
package dev.cfg.grpc.gateway;
