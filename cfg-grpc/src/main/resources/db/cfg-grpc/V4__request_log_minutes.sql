-- Per-minute totals of the request log for each service and method, kept by the request log
-- writer in the same transaction as the rows they count. The monitoring API adds up minutes
-- instead of scanning calls, so its answers cost the same at ten calls a minute or ten thousand.
CREATE TABLE cfg_grpc_request_minute (
    minute_start   TIMESTAMP WITH TIME ZONE NOT NULL,
    service_name   VARCHAR(200)  NOT NULL,
    method_name    VARCHAR(200)  NOT NULL,
    total          BIGINT        NOT NULL,
    successful     BIGINT        NOT NULL,
    errors         BIGINT        NOT NULL,
    cancelled      BIGINT        NOT NULL,
    timeouts       BIGINT        NOT NULL,
    duration_sum   BIGINT        NOT NULL,
    -- DurationHistogram's text: bucket:count pairs.
    durations      VARCHAR(8000) NOT NULL,
    last_activity  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (minute_start, service_name, method_name)
);
