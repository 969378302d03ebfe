-- Fewer indexes to write per call. H2 is the database of development and of the demo; it keeps
-- the table and its indexes in the writer's own thread and rewrites the index pages each new entry
-- lands on, once when the row is added and again when it commits, so every index costs the writer
-- microseconds per row, taken from the calls on the same cores. H2 keeps the indexes that find one
-- call (its id, its request id) and the one that lists calls newest first; a list filtered by
-- service, method, user, status code or outcome reads newest first and skips the others, as
-- the calls of one trace and those another call made are found (V9: the admin's links carry a
-- window around the call). PostgreSQL, where a log grows large, keeps them (db/postgresql).
DROP INDEX cfg_grpc_log_status;
DROP INDEX cfg_grpc_log_parent;
DROP INDEX cfg_grpc_log_method;
DROP INDEX cfg_grpc_log_service;
DROP INDEX cfg_grpc_log_user;
DROP INDEX cfg_grpc_log_code;
