package dev.cfg.grpc.protomodel;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Temporal;
import jakarta.persistence.TemporalType;

/** Every column type, relation kind, enum, embeddable and nullable column genproto supports. */
@Entity
public class Shelf {

	@Id
	@GeneratedValue
	Long id;

	@Column(nullable = false)
	String name;

	/** Nullable: proto3 optional. */
	String note;

	int shelfCount;

	Double weight;

	@Column(nullable = false)
	boolean active;

	long bigNumber;

	Float ratio;

	short level;

	BigDecimal price;

	UUID code;

	LocalTime opensAt;

	Instant createdAt;

	LocalDate openedOn;

	LocalDateTime lastCheckedAt;

	Duration keepFor;

	byte[] photo;

	@Enumerated(EnumType.STRING)
	ShelfState state;

	@Embedded
	Address address;

	@ElementCollection
	Set<String> tags = new HashSet<>();

	@OneToMany(mappedBy = "shelf")
	List<Book> books = new ArrayList<>();

	@ManyToMany
	Set<Book> favourites = new HashSet<>();

	BigInteger serial;

	Character grade;

	Byte tier;

	OffsetDateTime checkedAt;

	ZonedDateTime auditedAt;

	@Temporal(TemporalType.TIMESTAMP)
	java.util.Date legacyStamp;

	/** Named like proto keywords. */
	String message;

	String optional;

	String syntax;

}
