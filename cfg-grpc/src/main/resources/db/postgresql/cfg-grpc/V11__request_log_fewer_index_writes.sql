-- Fewer index entries written per call. A call's outcome (success, error, cancelled, timeout)
-- follows from its gRPC status code, so queries by outcome ask for codes and the outcome's own
-- index goes. Most calls end OK and most are not made by another cfg-grpc service: the indexes of
-- codes hold only the calls that did not end OK (by code, and all of them newest first, for the
-- latest errors), and the parent's only the calls that have one. A query for OK calls reads by time,
-- where they are most of the rows anyway.
DROP INDEX cfg_grpc_log_status;
DROP INDEX cfg_grpc_log_code;
DROP INDEX cfg_grpc_log_parent;
CREATE INDEX cfg_grpc_log_code ON cfg_grpc_request_log (grpc_status_code, created_at DESC)
    WHERE grpc_status_code <> 'OK';
CREATE INDEX cfg_grpc_log_failed ON cfg_grpc_request_log (created_at DESC)
    WHERE grpc_status_code <> 'OK';
CREATE INDEX cfg_grpc_log_parent ON cfg_grpc_request_log (parent_request_id)
    WHERE parent_request_id IS NOT NULL;
