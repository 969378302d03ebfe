package dev.cfg.grpc.proto;

import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
				return ProtoValues.convertScalar(identifier(value), field);
			}
			case EMBEDDED -> {
				return fill(builder.newBuilderForField(field), value).build();
			}
			default -> {
				if (field.getJavaType() == Descriptors.FieldDescriptor.JavaType.MESSAGE) {
					return ProtoValues.wellKnown(value, field);
				}
				if (field.getJavaType() == Descriptors.FieldDescriptor.JavaType.ENUM) {
					return ProtoValues.enumValue(field.getEnumType(), ((Enum<?>) value).name());
				}
				return ProtoValues.convertScalar(value, field);
			}
		}
	}

	private Object toJava(Binding binding, Object value) {
		Class<?> type = binding.elementType;
		switch (binding.kind) {
			case TO_ONE, TO_MANY -> {
				EntityType<?> target = this.metamodel.entity(type);
				Object id = ProtoValues.javaScalar(value, target.getIdType().getJavaType());
				return this.entityManager.getReference(type, id);
			}
			case EMBEDDED -> {
				Object embedded = ProtoValues.instantiate(type);
				apply((Message) value, embedded);
				return embedded;
			}
			default -> {
				if (value instanceof Descriptors.EnumValueDescriptor enumValue) {
					return ProtoValues.javaEnum(type, enumValue);
				}
				if (value instanceof Message wellKnown) {
					return ProtoValues.fromWellKnown(wellKnown, type);
				}
				return ProtoValues.javaScalar(value, type);
			}
		}
	}

	private Object identifier(Object entity) {
		return this.entityManager.getEntityManagerFactory().getPersistenceUnitUtil().getIdentifier(entity);
	}

	private Map<String, Binding> bindings(Descriptors.Descriptor message, Class<?> entityType) {
		return this.bindings.computeIfAbsent(message.getFullName() + " " + entityType.getName(),
				(key) -> bind(message, this.metamodel.managedType(entityType)));
	}

	private static Map<String, Binding> bind(Descriptors.Descriptor message, ManagedType<?> type) {
		Map<String, Binding> bindings = new java.util.LinkedHashMap<>();
		for (Attribute<?, ?> attribute : type.getAttributes()) {
			String fieldName = ProtoNames.fieldName(attribute);
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
					value = (type == boolean.class) ? Boolean.FALSE : ProtoValues.javaScalar(0, type);
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
