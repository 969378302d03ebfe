/**
 * Calls to other gRPC services. Channels are Spring Boot's, configured under
 * {@code cfg.grpc.client.channels.<name>} (the settings bridge writes them onto
 * {@code spring.grpc.client.channel.<name>}); this package adds what cfg-grpc knows: the
 * credentials a channel calls with (a service user's own renewed token, an API key, or the
 * caller's credential forwarded), the request id of the call being served in
 * {@code x-parent-request-id}, request compression, and {@code grpc.client.call.*} metrics. The
 * W3C {@code traceparent} header is Spring Boot's observation of client calls.
 */
package dev.cfg.grpc.client;
