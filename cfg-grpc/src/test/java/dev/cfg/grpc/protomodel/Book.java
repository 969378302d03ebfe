package dev.cfg.grpc.protomodel;

import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;

/** An entity with a UUID id, in a to-one relation. */
@Entity
public class Book {

	@Id
	UUID id;

	String title;

	@ManyToOne
	Shelf shelf;

}
