-- Per-hour totals, kept like the per-minute ones (V4) in the writer's transaction. A window of
-- days adds up its whole hours here and only its first and last partial hours by the minute.
CREATE TABLE cfg_grpc_request_hour (
    hour_start     TIMESTAMP WITH TIME ZONE NOT NULL,
    service_name   VARCHAR(200)  NOT NULL,
    method_name    VARCHAR(200)  NOT NULL,
    total          BIGINT        NOT NULL,
    successful     BIGINT        NOT NULL,
    errors         BIGINT        NOT NULL,
    cancelled      BIGINT        NOT NULL,
    timeouts       BIGINT        NOT NULL,
    duration_sum   BIGINT        NOT NULL,
    durations      VARCHAR(8000) NOT NULL,
    last_activity  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (hour_start, service_name, method_name)
);

