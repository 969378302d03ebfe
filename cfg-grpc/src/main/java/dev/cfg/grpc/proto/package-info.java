/**
 * {@code .proto} contracts written from the application's JPA entities: a message per entity and
 * embeddable, an enum per Java enum, relations as ids, field numbers that never move from one
 * generation to the next. Public: {@link dev.cfg.grpc.proto.EntityProtos}, which the
 * {@code genproto} command drives.
 */
package dev.cfg.grpc.proto;
