package dev.cfg.grpc.protomodel;

import jakarta.persistence.Embeddable;

/** An embeddable. */
@Embeddable
public class Address {

	String street;

	String city;

}
