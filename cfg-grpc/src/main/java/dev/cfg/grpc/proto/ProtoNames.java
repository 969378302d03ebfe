package dev.cfg.grpc.proto;

import java.util.Locale;

import jakarta.persistence.metamodel.Attribute;

/**
 * The one naming rule from Java to protobuf, for generated files ({@link EntityProtos}) and
 * {@link EntityMessages} alike: fields in snake case with {@code _id} and {@code _ids} for
 * relations, enum values prefixed with their enum's name.
 */
final class ProtoNames {

	private ProtoNames() {
	}

	/**
	 * The field an attribute becomes, in generated files and for {@link EntityMessages} alike:
	 * {@code unit_price} for {@code unitPrice}, {@code order_id} for a to-one {@code order},
	 * {@code line_ids} for a to-many {@code lines}.
	 */
	static String fieldName(Attribute<?, ?> attribute) {
		String name = snake(attribute.getName());
		return switch (attribute.getPersistentAttributeType()) {
			case MANY_TO_ONE, ONE_TO_ONE -> name + "_id";
			case ONE_TO_MANY, MANY_TO_MANY -> singular(name) + "_ids";
			default -> name;
		};
	}

	/** The proto value of a Java enum constant: {@code SHELF_STATE_UNDER_REPAIR} for {@code ShelfState.UNDER_REPAIR}. */
	static String enumValueName(String enumName, String constant) {
		return upperSnake(enumName) + "_" + upperSnake(constant);
	}

	static String snake(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2")
			.toLowerCase(Locale.ROOT);
	}

	static String upperSnake(String name) {
		return snake(name).toUpperCase(Locale.ROOT);
	}

	static String singular(String name) {
		return (name.endsWith("s") && name.length() > 1) ? name.substring(0, name.length() - 1) : name;
	}

}
