-- How each call reached the server: grpc (HTTP/2, on the gRPC port), or, on the HTTP port,
-- grpc-web, connect or http-json (transcoded from google.api.http routes). Rows written before this
-- column existed were all gRPC calls.
ALTER TABLE cfg_grpc_request_log ADD COLUMN protocol VARCHAR(16) DEFAULT 'grpc' NOT NULL;
