package dev.cfg.grpc.proto;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;

/**
 * Values between Java and protobuf for {@link EntityMessages}: scalars, enums, and the well-known
 * types (timestamps, wrappers) that stand for Java's dates and boxed numbers.
 */
final class ProtoValues {

	private ProtoValues() {
	}

	static Object convertScalar(Object value, Descriptors.FieldDescriptor field) {
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

	static Object javaScalar(Object value, Class<?> type) {
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

	static Message wellKnown(Object value, Descriptors.FieldDescriptor field) {
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

	static Instant instant(Object value) {
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

	static Object fromWellKnown(Message message, Class<?> type) {
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
	static Descriptors.EnumValueDescriptor enumValue(Descriptors.EnumDescriptor type, String constant) {
		Descriptors.EnumValueDescriptor value = type.findValueByName(ProtoNames.enumValueName(type.getName(), constant));
		if (value == null) {
			value = type.findValueByName(constant);
		}
		if (value == null) {
			throw new IllegalArgumentException(type.getFullName() + " has no value for " + constant);
		}
		return value;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	static Object javaEnum(Class<?> type, Descriptors.EnumValueDescriptor value) {
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

	static Object instantiate(Class<?> type) {
		try {
			var constructor = type.getDeclaredConstructor();
			constructor.setAccessible(true);
			return constructor.newInstance();
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(type.getName() + " needs a constructor without arguments", ex);
		}
	}

}
