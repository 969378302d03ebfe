package dev.cfg.grpc.testapp.duplicate;

import dev.cfg.grpc.test.echo.EchoServiceGrpc;

/** A second implementation of cfg.test.EchoService, to test that duplicates fail startup. */
public class SecondEchoService extends EchoServiceGrpc.EchoServiceImplBase {

}
