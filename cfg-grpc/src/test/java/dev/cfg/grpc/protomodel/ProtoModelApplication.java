package dev.cfg.grpc.protomodel;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** An application whose entities are the test model, for the genproto command. */
@SpringBootApplication
public class ProtoModelApplication {

}
