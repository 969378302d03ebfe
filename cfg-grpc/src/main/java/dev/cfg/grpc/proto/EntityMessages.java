package dev.cfg.grpc.proto;

import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import jakarta.persistence.EntityManager;
import jakarta.persistence.metamodel.Attribute;
import jakarta.persistence.metamodel.EntityType;
import jakarta.persistence.metamodel.ManagedType;
import jakarta.persistence.metamodel.Metamodel;
import jakarta.persistence.metamodel.PluralAttribute;

/**
 * Copies between JPA entities and protobuf messages whose fields are named after the entity's
 * attributes ({@code unit_price} for {@code unitPrice}), as {@code genproto} writes them or as a
 * hand-written contract names them, with the conversions genproto's type table promises: decimals,
 * UUIDs and times of day as text, instants and dates as {@code Timestamp}, durations as
 * {@code Duration}, Java enums by constant name, embeddables as messages, to-one relations as
 * {@code <name>_id} and to-many ones as {@code <singular>_ids}. Fields on one side only are left
 * alone. Reads and writes the attributes JPA maps, by their fields or accessors.
 */
public final class EntityMessages {

	private final Metamodel metamodel;

	private final EntityManager entityManager;

	private final Map<String, Map<String, Binding>> bindings = new ConcurrentHashMap<>();

	/**
	 * @param metamodel the application's JPA metamodel
	 * @param entityManager finds the entities a message names by id (a shared, transaction-bound one)
	 */
	public EntityMessages(Metamodel metamodel, EntityManager entityManager) {
		this.metamodel = metamodel;
		this.entityManager = entityManager;
	}

	/**
	 * Sets every field of the builder that has an attribute in the entity.
	 * @param builder the message's builder
	 * @param entity the entity (or embeddable)
	 * @param <B> the builder's type
	 * @return the builder
	 */
	public <B extends Message.Builder> B fill(B builder, Object entity) {
		// A lazy reference holds nothing in its own fields: read the entity behind it.
		Object real = org.hibernate.Hibernate.unproxy(entity);
		for (Binding binding : bindings(builder.getDescriptorForType(), real.getClass()).values()) {
			Object value = binding.read(real);
			if (value == null) {
				continue;
			}
			if (binding.field.isRepeated()) {
				for (Object element : (Collection<?>) value) {
					builder.addRepeatedField(binding.field, toProto(binding, element, builder));
				}
			}
			else {
				builder.setField(binding.field, toProto(binding, value, builder));
			}
		}
		return builder;
	}

	/**
	 * Copies every field of the message that has an attribute onto the entity: set fields, and
	 * unset ones as null (or zero for primitives, empty for collections). Never the id: it says
	 * which entity to change (find it first), and a new entity gets its id when it is stored.
	 * @param message the message
	 * @param entity the entity to change
	 */
	public void apply(Message message, Object entity) {
		for (Binding binding : bindings(message.getDescriptorForType(), entity.getClass()).values()) {
			if (!binding.isId()) {
				applyOne(message, entity, binding);
			}
		}
	}

	/**
	 * Copies the fields a mask names (top-level paths) onto the entity, for partial updates.
	 * @param message the message
	 * @param mask the paths to copy, for example {@code bio}, {@code contact_email}
	 * @param entity the entity to change
	 * @throws IllegalArgumentException for a path the message has no field for, or the entity no attribute
	 */
	public void apply(Message message, FieldMask mask, Object entity) {
		Map<String, Binding> all = bindings(message.getDescriptorForType(), entity.getClass());
		for (String path : mask.getPathsList()) {
			Binding binding = all.get(path);
			if (binding == null || binding.isId()) {
				throw new IllegalArgumentException("No field '" + path + "' to update");
			}
			applyOne(message, entity, binding);
		}
	}

	private void applyOne(Message message, Object entity, Binding binding) {
		if (binding.field.isRepeated()) {
			Collection<Object> values = (binding.attribute.getJavaType() == Set.class
					|| Set.class.isAssignableFrom(binding.attribute.getJavaType())) ? new HashSet<>() : new ArrayList<>();
			for (int i = 0; i < message.getRepeatedFieldCount(binding.field); i++) {
				values.add(toJava(binding, message.getRepeatedField(binding.field, i)));
			}
			binding.write(entity, values);
			return;
		}
		boolean present = binding.field.hasPresence() ? message.hasField(binding.field) : true;
		binding.write(entity, present ? toJava(binding, message.getField(binding.field)) : null);
	}

	private Object toProto(Binding binding, Object value, Message.Builder builder) {
		Descriptors.FieldDescriptor field = binding.field;
		switch (binding.kind) {
			case TO_ONE, TO_MANY -> {
				return convertScalar(identifier(value), field);
			}
			case EMBEDDED -> {
				return fill(builder.newBuilderForField(field), value).build();
			}
			default -> {
				if (field.getJavaType() == Descriptors.FieldDescriptor.JavaType.MESSAGE) {
					return wellKnown(value, field);
				}
				if (field.getJavaType() == Descriptors.FieldDescriptor.JavaType.ENUM) {
					return enumValue(field.getEnumType(), ((Enum<?>) value).name());
				}
				return convertScalar(value, field);
			}
		}
	}

	private Object toJava(Binding binding, Object value) {
		Class<?> type = binding.elementType;
		switch (binding.kind) {
			case TO_ONE, TO_MANY -> {
				EntityType<?> target = this.metamodel.entity(type);
				Object id = javaScalar(value, target.getIdType().getJavaType());
				return this.entityManager.getReference(type, id);
			}
			case EMBEDDED -> {
				Object embedded = instantiate(type);
				apply((Message) value, embedded);
				return embedded;
			}
			default -> {
				if (value instanceof Descriptors.EnumValueDescriptor enumValue) {
					return javaEnum(type, enumValue);
				}
				if (value instanceof Message wellKnown) {
					return fromWellKnown(wellKnown, type);
				}
				return javaScalar(value, type);
			}
		}
	}

	private Object identifier(Object entity) {
		return this.entityManager.getEntityManagerFactory().getPersistenceUnitUtil().getIdentifier(entity);
	}

	private static Object convertScalar(Object value, Descriptors.FieldDescriptor field) {
		return switch (field.getJavaType()) {
			case STRING -> (value instanceof BigDecimal decimal) ? decimal.toPlainString() : value.toString();
			case INT -> ((Number) value).intValue();
			case LONG -> ((Number) value).longValue();
			case FLOAT -> ((Number) value).floatValue();
			case DOUBLE -> ((Number) value).doubleValue();
			case BOOLEAN -> (Boolean) value;
			case BYTE_STRING -> ByteString.copyFrom((byte[]) value);
			default -> throw new IllegalArgumentException("Cannot put a " + value.getClass().getName() + " into "
					+ field.getFullName());
		};
	}

	private static Object javaScalar(Object value, Class<?> type) {
		if (value instanceof ByteString bytes) {
			return bytes.toByteArray();
		}
		if (value instanceof String text) {
			if (type == String.class) {
				return text;
			}
			if (text.isEmpty()) {
				return null;
			}
			if (type == BigDecimal.class) {
				return new BigDecimal(text);
			}
			if (type == BigInteger.class) {
				return new BigInteger(text);
			}
			if (type == UUID.class) {
				return UUID.fromString(text);
			}
			if (type == LocalTime.class) {
				return LocalTime.parse(text);
			}
			if (type == Character.class || type == char.class) {
				return text.charAt(0);
			}
		}
		if (value instanceof Number number) {
			if (type == Long.class || type == long.class) {
				return number.longValue();
			}
			if (type == Integer.class || type == int.class) {
				return number.intValue();
			}
			if (type == Short.class || type == short.class) {
				return number.shortValue();
			}
			if (type == Byte.class || type == byte.class) {
				return number.byteValue();
			}
			if (type == Double.class || type == double.class) {
				return number.doubleValue();
			}
			if (type == Float.class || type == float.class) {
				return number.floatValue();
			}
		}
		return value;
	}

	private static Message wellKnown(Object value, Descriptors.FieldDescriptor field) {
		String type = field.getMessageType().getFullName();
		if (type.equals("google.protobuf.Duration") && value instanceof java.time.Duration duration) {
			return com.google.protobuf.Duration.newBuilder()
				.setSeconds(duration.getSeconds())
				.setNanos(duration.getNano())
				.build();
		}
		if (type.equals("google.protobuf.Timestamp")) {
			Instant instant = instant(value);
			return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
		}
		throw new IllegalArgumentException("Cannot put a " + value.getClass().getName() + " into " + field.getFullName());
	}

	private static Instant instant(Object value) {
		if (value instanceof Instant instant) {
			return instant;
		}
		if (value instanceof OffsetDateTime offset) {
			return offset.toInstant();
		}
		if (value instanceof ZonedDateTime zoned) {
			return zoned.toInstant();
		}
		if (value instanceof LocalDateTime local) {
			return local.toInstant(ZoneOffset.UTC);
		}
		if (value instanceof LocalDate date) {
			return date.atStartOfDay(ZoneOffset.UTC).toInstant();
		}
		if (value instanceof java.sql.Date date) {
			return date.toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
		}
		if (value instanceof java.util.Date date) {
			return date.toInstant();
		}
		if (value instanceof java.util.Calendar calendar) {
			return calendar.toInstant();
		}
		throw new IllegalArgumentException("Not a point in time: " + value.getClass().getName());
	}

	private static Object fromWellKnown(Message message, Class<?> type) {
		if (message instanceof com.google.protobuf.Duration duration) {
			return java.time.Duration.ofSeconds(duration.getSeconds(), duration.getNanos());
		}
		Timestamp timestamp = (Timestamp) message;
		Instant instant = Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
		if (type == Instant.class) {
			return instant;
		}
		if (type == OffsetDateTime.class) {
			return instant.atOffset(ZoneOffset.UTC);
		}
		if (type == ZonedDateTime.class) {
			return instant.atZone(ZoneOffset.UTC);
		}
		if (type == LocalDateTime.class) {
			return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
		}
		if (type == LocalDate.class) {
			return LocalDate.ofInstant(instant, ZoneOffset.UTC);
		}
		if (type == java.sql.Date.class) {
			return java.sql.Date.valueOf(LocalDate.ofInstant(instant, ZoneOffset.UTC));
		}
		if (type == java.util.Date.class) {
			return java.util.Date.from(instant);
		}
		throw new IllegalArgumentException("Cannot put a Timestamp into a " + type.getName());
	}

	/** A proto enum value by the Java constant's name: {@code SHELF_STATE_OPEN} or {@code OPEN}. */
	private static Descriptors.EnumValueDescriptor enumValue(Descriptors.EnumDescriptor type, String constant) {
		Descriptors.EnumValueDescriptor value = type.findValueByName(EntityProtos.enumValueName(type.getName(), constant));
		if (value == null) {
			value = type.findValueByName(constant);
		}
		if (value == null) {
			throw new IllegalArgumentException(type.getFullName() + " has no value for " + constant);
		}
		return value;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Object javaEnum(Class<?> type, Descriptors.EnumValueDescriptor value) {
		if (value.getNumber() == 0 && value.getName().endsWith("_UNSPECIFIED")) {
			return null;
		}
		for (Object constant : type.getEnumConstants()) {
			String name = ((Enum<?>) constant).name();
			if (value.getName().equals(name) || value.getName().endsWith("_" + name)) {
				return Enum.valueOf((Class) type, name);
			}
		}
		throw new IllegalArgumentException(type.getName() + " has no constant for " + value.getFullName());
	}

	private static Object instantiate(Class<?> type) {
		try {
			var constructor = type.getDeclaredConstructor();
			constructor.setAccessible(true);
			return constructor.newInstance();
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(type.getName() + " needs a constructor without arguments", ex);
		}
	}

	private Map<String, Binding> bindings(Descriptors.Descriptor message, Class<?> entityType) {
		return this.bindings.computeIfAbsent(message.getFullName() + " " + entityType.getName(),
				(key) -> bind(message, this.metamodel.managedType(entityType)));
	}

	private static Map<String, Binding> bind(Descriptors.Descriptor message, ManagedType<?> type) {
		Map<String, Binding> bindings = new java.util.LinkedHashMap<>();
		for (Attribute<?, ?> attribute : type.getAttributes()) {
			String fieldName = EntityProtos.fieldName(attribute);
			Kind kind = switch (attribute.getPersistentAttributeType()) {
				case MANY_TO_ONE, ONE_TO_ONE -> Kind.TO_ONE;
				case ONE_TO_MANY, MANY_TO_MANY -> Kind.TO_MANY;
				case EMBEDDED -> Kind.EMBEDDED;
				default -> Kind.VALUE;
			};
			Class<?> element = (attribute instanceof PluralAttribute<?, ?, ?> plural) ? plural.getElementType().getJavaType()
					: attribute.getJavaType();
			Descriptors.FieldDescriptor field = message.findFieldByName(fieldName);
			if (field != null) {
				bindings.put(fieldName, new Binding(field, attribute, kind, element, attribute.getJavaMember()));
			}
		}
		return bindings;
	}

	private enum Kind {

		VALUE, EMBEDDED, TO_ONE, TO_MANY

	}

	/** One field and the attribute it is copied from and to. */
	private static final class Binding {

		final Descriptors.FieldDescriptor field;

		final Attribute<?, ?> attribute;

		final Kind kind;

		final Class<?> elementType;

		private final Field javaField;

		private final Method getter;

		Binding(Descriptors.FieldDescriptor field, Attribute<?, ?> attribute, Kind kind, Class<?> elementType,
				Member member) {
			this.field = field;
			this.attribute = attribute;
			this.kind = kind;
			this.elementType = elementType;
			Field javaField = (member instanceof Field f) ? f : findField(attribute);
			if (javaField != null) {
				javaField.setAccessible(true);
			}
			this.javaField = javaField;
			this.getter = (member instanceof Method m) ? m : null;
		}

		private static Field findField(Attribute<?, ?> attribute) {
			for (Class<?> type = attribute.getDeclaringType().getJavaType(); type != null; type = type.getSuperclass()) {
				try {
					return type.getDeclaredField(attribute.getName());
				}
				catch (NoSuchFieldException ex) {
					// Try the superclass.
				}
			}
			return null;
		}

		boolean isId() {
			return EntityProtos.isId(this.attribute);
		}

		Object read(Object entity) {
			try {
				return (this.javaField != null) ? this.javaField.get(entity) : this.getter.invoke(entity);
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException("Cannot read " + this.attribute.getName(), ex);
			}
		}

		void write(Object entity, Object value) {
			if (this.javaField == null) {
				throw new IllegalStateException("No field to write " + this.attribute.getName() + " to");
			}
			try {
				Class<?> type = this.javaField.getType();
				if (value == null && type.isPrimitive()) {
					value = (type == boolean.class) ? Boolean.FALSE : javaScalar(0, type);
				}
				if (value instanceof Collection<?> values && Collection.class.isAssignableFrom(type)) {
					@SuppressWarnings("unchecked")
					Collection<Object> existing = (Collection<Object>) this.javaField.get(entity);
					if (existing != null) {
						// Keep the entity's own collection: JPA tracks it.
						existing.clear();
						existing.addAll(values);
						return;
					}
				}
				this.javaField.set(entity, value);
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException("Cannot write " + this.attribute.getName(), ex);
			}
		}

	}

}
