/**
 * Request validation with protovalidate: every request message is checked against the
 * {@code buf.validate} rules of its {@code .proto} file before the service method runs, and a
 * violation ends the call with INVALID_ARGUMENT naming the fields, with
 * {@code google.rpc.BadRequest} details. Public: the auto-configuration only.
 */
package dev.cfg.grpc.validation;
