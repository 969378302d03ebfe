-- One row per server process that ran on this database, kept by its heartbeat.
CREATE TABLE cfg_grpc_server_instance (
    id            VARCHAR(36)   NOT NULL PRIMARY KEY,
    host          VARCHAR(255)  NOT NULL,
    pid           BIGINT        NOT NULL,
    grpc_port     INTEGER,
    version       VARCHAR(64),
    state         VARCHAR(16)   NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    stopped_at    TIMESTAMP WITH TIME ZONE
);

CREATE INDEX cfg_grpc_instance_state ON cfg_grpc_server_instance (state, heartbeat_at);

-- Which instance answered each call.
ALTER TABLE cfg_grpc_request_log ADD COLUMN instance_id VARCHAR(36);
