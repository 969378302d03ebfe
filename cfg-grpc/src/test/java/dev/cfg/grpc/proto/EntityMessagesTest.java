package dev.cfg.grpc.proto;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.ClassUtils;

import dev.cfg.grpc.protomodel.Address;
import dev.cfg.grpc.protomodel.Book;
import dev.cfg.grpc.protomodel.Shelf;
import dev.cfg.grpc.protomodel.ShelfState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Entities to the messages genproto wrote for them (its golden file, compiled by the build) and
 * back, for every type it supports, on a real H2 database.
 */
class EntityMessagesTest {

	private static final Instant CREATED = Instant.parse("2026-11-26T10:15:30.123456Z");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(type("org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"),
				type("org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration"),
				type("org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration"),
				CfgGrpcProtoAutoConfiguration.class))
		.withUserConfiguration(EntityProtosTest.Model.class)
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:entity-messages;DB_CLOSE_DELAY=-1",
				"spring.jpa.hibernate.ddl-auto=create-drop");

	private static Class<?> type(String name) {
		return ClassUtils.resolveClassName(name, EntityMessagesTest.class.getClassLoader());
	}

	@Test
	void everySupportedTypeGoesToTheMessageAndBack() {
		this.runner.run((context) -> {
			EntityMessages messages = context.getBean(EntityMessages.class);
			EntityManager jpa = context.getBean(EntityManagerFactory.class).createEntityManager();
			TransactionTemplate transactions = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
			UUID bookId = UUID.randomUUID();
			Long shelfId = transactions.execute((status) -> {
				EntityManager shared = org.springframework.orm.jpa.EntityManagerFactoryUtils
					.getTransactionalEntityManager(context.getBean(EntityManagerFactory.class));
				Shelf shelf = shelf();
				shared.persist(shelf);
				Book book = new Book();
				set(book, "id", bookId);
				set(book, "title", "Dune");
				set(book, "shelf", shelf);
				shared.persist(book);
				return (Long) get(shelf, "id");
			});
			dev.cfg.grpc.protomodel.proto.Shelf message = transactions.execute((status) -> {
				EntityManager shared = org.springframework.orm.jpa.EntityManagerFactoryUtils
					.getTransactionalEntityManager(context.getBean(EntityManagerFactory.class));
				Shelf shelf = shared.find(Shelf.class, shelfId);
				shared.refresh(shelf);
				return messages.fill(dev.cfg.grpc.protomodel.proto.Shelf.newBuilder(), shelf).build();
			});
			assertThat(message.getId()).isEqualTo(shelfId);
			assertThat(message.getName()).isEqualTo("Top");
			assertThat(message.hasNote()).as("a null column is an unset optional").isFalse();
			assertThat(message.getShelfCount()).isEqualTo(7);
			assertThat(message.getWeight()).isEqualTo(2.5);
			assertThat(message.getActive()).isTrue();
			assertThat(message.getBigNumber()).isEqualTo(Long.MAX_VALUE);
			assertThat(message.getRatio()).isEqualTo(0.25f);
			assertThat(message.getLevel()).isEqualTo(3);
			assertThat(message.getPrice()).isEqualTo("19.99");
			assertThat(message.getCode()).isEqualTo("7c9e6679-7425-40de-944b-e07fc1f90ae7");
			assertThat(message.getOpensAt()).isEqualTo("09:30");
			assertThat(message.getCreatedAt().getSeconds()).isEqualTo(CREATED.getEpochSecond());
			assertThat(message.getOpenedOn().getSeconds())
				.isEqualTo(LocalDate.of(2026, 1, 31).atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond());
			assertThat(message.getKeepFor().getSeconds()).isEqualTo(90);
			assertThat(message.getPhoto()).isEqualTo(ByteString.copyFrom(new byte[] { 1, 2, 3 }));
			assertThat(message.getState()).isEqualTo(dev.cfg.grpc.protomodel.proto.ShelfState.SHELF_STATE_UNDER_REPAIR);
			assertThat(message.getAddress().getCity()).isEqualTo("Oslo");
			assertThat(message.getTagsList()).containsExactlyInAnyOrder("new", "tall");
			assertThat(message.getBookIdsList()).containsExactly(bookId.toString());
			assertThat(message.getMessage()).isEqualTo("hi");
			assertThat(message.getSerial()).isEqualTo("123456789012345678901234567890");
			assertThat(message.getGrade()).isEqualTo("A");
			assertThat(message.getTier()).isEqualTo(2);
			assertThat(message.getCheckedAt().getSeconds()).isEqualTo(Instant.parse("2026-03-01T12:00:00Z").getEpochSecond());
			assertThat(message.getAuditedAt().getSeconds()).isEqualTo(Instant.parse("2026-03-02T12:00:00Z").getEpochSecond());
			assertThat(message.getLegacyStamp().getSeconds())
				.isEqualTo(Instant.parse("2026-03-03T12:00:00Z").getEpochSecond());

			Shelf copy = transactions.execute((status) -> {
				Shelf fresh = new Shelf();
				messages.apply(message, fresh);
				return fresh;
			});
			assertThat(get(copy, "id")).as("the id names the entity; it is never copied onto one").isNull();
			for (String attribute : List.of("name", "note", "shelfCount", "weight", "active", "bigNumber", "ratio",
					"level", "price", "code", "opensAt", "openedOn", "lastCheckedAt", "keepFor", "state", "tags",
					"message", "serial", "grade", "tier")) {
				assertThat(get(copy, attribute)).as(attribute).isEqualTo(get(shelf(), attribute));
			}
			assertThat(get(copy, "createdAt")).isEqualTo(CREATED);
			assertThat(((java.time.OffsetDateTime) get(copy, "checkedAt")).toInstant())
				.isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
			assertThat(((java.time.ZonedDateTime) get(copy, "auditedAt")).toInstant())
				.isEqualTo(Instant.parse("2026-03-02T12:00:00Z"));
			assertThat(((java.util.Date) get(copy, "legacyStamp")).toInstant()).isEqualTo(Instant.parse("2026-03-03T12:00:00Z"));
			assertThat((byte[]) get(copy, "photo")).containsExactly(1, 2, 3);
			assertThat(get(get(copy, "address"), "city")).isEqualTo("Oslo");
			jpa.close();
		});
	}

	@Test
	void aFieldMaskCopiesOnlyThePathsItNames() {
		this.runner.run((context) -> {
			EntityMessages messages = context.getBean(EntityMessages.class);
			Shelf shelf = shelf();
			dev.cfg.grpc.protomodel.proto.Shelf update = dev.cfg.grpc.protomodel.proto.Shelf.newBuilder()
				.setName("Bottom")
				.setShelfCount(99)
				.setState(dev.cfg.grpc.protomodel.proto.ShelfState.SHELF_STATE_UNSPECIFIED)
				.build();
			messages.apply(update, FieldMask.newBuilder().addPaths("name").addPaths("state").addPaths("note").build(), shelf);
			assertThatIllegalArgumentException()
				.isThrownBy(() -> messages.apply(update, FieldMask.newBuilder().addPaths("id").build(), shelf))
				.withMessage("No field 'id' to update");
			assertThat(get(shelf, "name")).isEqualTo("Bottom");
			assertThat(get(shelf, "state")).as("UNSPECIFIED is no value").isNull();
			assertThat(get(shelf, "note")).isNull();
			assertThat(get(shelf, "shelfCount")).as("not in the mask").isEqualTo(7);
			assertThatIllegalArgumentException()
				.isThrownBy(() -> messages.apply(update, FieldMask.newBuilder().addPaths("colour").build(), shelf))
				.withMessage("No field 'colour' to update");
		});
	}

	private static Shelf shelf() {
		Shelf shelf = new Shelf();
		set(shelf, "name", "Top");
		set(shelf, "shelfCount", 7);
		set(shelf, "weight", 2.5);
		set(shelf, "active", true);
		set(shelf, "bigNumber", Long.MAX_VALUE);
		set(shelf, "ratio", 0.25f);
		set(shelf, "level", (short) 3);
		set(shelf, "price", new BigDecimal("19.99"));
		set(shelf, "code", UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7"));
		set(shelf, "opensAt", LocalTime.of(9, 30));
		set(shelf, "createdAt", CREATED);
		set(shelf, "openedOn", LocalDate.of(2026, 1, 31));
		set(shelf, "lastCheckedAt", LocalDateTime.of(2026, 2, 1, 8, 0));
		set(shelf, "keepFor", Duration.ofSeconds(90));
		set(shelf, "photo", new byte[] { 1, 2, 3 });
		set(shelf, "state", ShelfState.UNDER_REPAIR);
		Address address = new Address();
		set(address, "city", "Oslo");
		set(address, "street", "Main 1");
		set(shelf, "address", address);
		set(shelf, "tags", new java.util.HashSet<>(Set.of("new", "tall")));
		set(shelf, "message", "hi");
		set(shelf, "serial", new java.math.BigInteger("123456789012345678901234567890"));
		set(shelf, "grade", 'A');
		set(shelf, "tier", (byte) 2);
		set(shelf, "checkedAt", java.time.OffsetDateTime.parse("2026-03-01T12:00:00Z"));
		set(shelf, "auditedAt", java.time.ZonedDateTime.parse("2026-03-02T12:00:00Z"));
		set(shelf, "legacyStamp", java.util.Date.from(Instant.parse("2026-03-03T12:00:00Z")));
		return shelf;
	}

	private static void set(Object target, String field, Object value) {
		try {
			var declared = target.getClass().getDeclaredField(field);
			declared.setAccessible(true);
			declared.set(target, value);
		}
		catch (ReflectiveOperationException ex) {
			throw new AssertionError(ex);
		}
	}

	private static Object get(Object target, String field) {
		try {
			var declared = target.getClass().getDeclaredField(field);
			declared.setAccessible(true);
			return declared.get(target);
		}
		catch (ReflectiveOperationException ex) {
			throw new AssertionError(ex);
		}
	}

}
