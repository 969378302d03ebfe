/**
 * The test kit: tests of an application's own gRPC services through the whole cfg-grpc pipeline.
 * {@link dev.cfg.grpc.test.CfgGrpcTest} starts the application with its gRPC server on a free
 * loopback port; {@link dev.cfg.grpc.test.GrpcTestClient} calls it as a user, with an API key or
 * anonymously; {@link dev.cfg.grpc.test.TestUsers} makes the users; and
 * {@link dev.cfg.grpc.test.RequestLogAssert} checks what the request log recorded, waiting for its
 * background writer.
 */
package dev.cfg.grpc.test;
