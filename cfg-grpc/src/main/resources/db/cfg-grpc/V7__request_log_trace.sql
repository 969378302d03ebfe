-- Where each call sits in a tree of calls across services: its W3C trace and server span, and the
-- request id of the call that made it when that caller was another cfg-grpc service.
ALTER TABLE cfg_grpc_request_log ADD COLUMN trace_id VARCHAR(32);
ALTER TABLE cfg_grpc_request_log ADD COLUMN span_id VARCHAR(16);
ALTER TABLE cfg_grpc_request_log ADD COLUMN parent_request_id VARCHAR(36);

-- Following a trace reads its calls by trace id; their children by the parent's request id.
CREATE INDEX cfg_grpc_log_trace ON cfg_grpc_request_log (trace_id);
CREATE INDEX cfg_grpc_log_parent ON cfg_grpc_request_log (parent_request_id);
