package dev.cfg.grpc.protomodel;

/** An enum column. */
public enum ShelfState {

	OPEN, CLOSED, UNDER_REPAIR

}
