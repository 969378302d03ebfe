-- On H2 the trace id goes unindexed. Trace ids are random, and H2 rewrites the index pages each new
-- key lands on: that index alone cost about a third of the writer's time per row (11 of 35 us),
-- taken from the calls on the same cores. Calls of one trace are found by their time first (the
-- admin's trace links carry a window around the call; so can the monitoring API's filters).
-- PostgreSQL keeps the index (db/postgresql/cfg-grpc).
DROP INDEX cfg_grpc_log_trace;
