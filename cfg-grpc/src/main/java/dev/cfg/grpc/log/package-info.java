/**
 * The request log: one row per call in {@code cfg_grpc_request_log}, with per-minute and per-hour
 * totals beside it. This package is the only code that reads or writes those tables.
 * <p>
 * Public API: {@link dev.cfg.grpc.log.RequestLog}, the one door to read the log (filters in
 * {@link dev.cfg.grpc.log.RequestFilter}, pages in {@link dev.cfg.grpc.log.RequestPage}, windows
 * in {@link dev.cfg.grpc.log.TimeWindow}, answers as {@link dev.cfg.grpc.log.RequestLogRecord},
 * {@link dev.cfg.grpc.log.CallStatistics} and {@link dev.cfg.grpc.log.TimelinePoint});
 * {@link dev.cfg.grpc.log.RequestLogWriter} (its counters and {@code awaitDrained}; rows come only
 * from calls the server ended, so it takes none from applications);
 * {@link dev.cfg.grpc.log.RequestLogRetention} (deleting old records). The totals tables, their
 * histograms and the record-making observer are package-private.
 */
package dev.cfg.grpc.log;
