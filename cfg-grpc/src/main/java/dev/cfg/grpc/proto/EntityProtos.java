package dev.cfg.grpc.proto;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.persistence.metamodel.Attribute;
import jakarta.persistence.metamodel.EntityType;
import jakarta.persistence.metamodel.ManagedType;
import jakarta.persistence.metamodel.Metamodel;
import jakarta.persistence.metamodel.PluralAttribute;
import jakarta.persistence.metamodel.SingularAttribute;
import jakarta.persistence.metamodel.Type;

/**
 * Writes {@code .proto} files from a JPA metamodel: one file per Java package of entities
 * ({@code <prefix>/<package>/entities.proto}, proto package {@code <prefix>.<package>}), a message
 * per entity and embeddable, an enum per Java enum. Types: text, numbers and booleans as their
 * proto scalars; instants and dates as {@code google.protobuf.Timestamp}; durations as
 * {@code google.protobuf.Duration}; decimals, big integers, UUIDs and times of day as strings
 * (exact, and readable in JSON); nullable basic columns as proto3 {@code optional}; to-one
 * relations as {@code <name>_id} and to-many ones as repeated {@code <name>_ids}, of the target's
 * id type. Field numbers are read from the files already in the output folder and never move
 * ({@link FieldNumbers}).
 */
public final class EntityProtos {

	private static final Map<Class<?>, String> SCALARS = scalars();

	private static final String TIMESTAMP = "google.protobuf.Timestamp";

	private static final String DURATION = "google.protobuf.Duration";

	private final String prefix;

	private final Map<String, String> protoPackages;

	private final List<ManagedType<?>> types;

	private final Map<Class<?>, EntityType<?>> entities = new LinkedHashMap<>();

	private final JavadocComments javadoc;

	private EntityProtos(String prefix, List<ManagedType<?>> types, Metamodel metamodel, JavadocComments javadoc) {
		this.prefix = prefix;
		this.javadoc = javadoc;
		this.types = types;
		metamodel.getEntities().forEach((entity) -> this.entities.put(entity.getJavaType(), entity));
		this.protoPackages = protoPackages(types.stream().map((type) -> type.getJavaType().getPackageName()).toList());
	}

	/**
	 * What would be written.
	 * @param metamodel the application's JPA metamodel
	 * @param options what to write and where
	 * @return each file's path below the output folder and its text, sorted by path
	 */
	public static Map<String, String> generate(Metamodel metamodel, Options options) {
		String prefix = options.prefix();
		Predicate<Class<?>> include = options.include();
		List<ManagedType<?>> types = new ArrayList<>();
		metamodel.getManagedTypes()
			.stream()
			.filter((type) -> type.getJavaType() != null && include.test(type.getJavaType()))
			.filter((type) -> type.getPersistenceType() == Type.PersistenceType.ENTITY
					|| type.getPersistenceType() == Type.PersistenceType.EMBEDDABLE)
			.sorted(Comparator.comparing((ManagedType<?> type) -> type.getJavaType().getName()))
			.forEach(types::add);
		return new EntityProtos(prefix.strip(), types, metamodel, new JavadocComments())
			.files(options.outputDir(), options.services());
	}

	/**
	 * Which entities are written, and how.
	 * @param prefix the proto package prefix, for example {@code api}; empty for none
	 * @param include which entity and embeddable classes to write (see {@link #selection})
	 * @param outputDir where the files are (or will be), for the numbers they hold
	 * @param services also write a CRUD service per entity, in each package's {@code entities_service.proto}
	 */
	public record Options(String prefix, Predicate<Class<?>> include, Path outputDir, boolean services) {
	}

	/**
	 * The entities written when none are named: {@code cfg.grpc.proto.entities}, else the packages
	 * services are discovered in ({@code cfg.grpc.enabled-apps}), else every entity.
	 * @param properties the settings
	 * @return packages and class names for {@link #selection}; empty for every entity
	 */
	public static List<String> defaultSelection(dev.cfg.grpc.config.CfgGrpcProperties properties) {
		return !properties.proto().entities().isEmpty() ? properties.proto().entities() : properties.enabledApps();
	}

	/**
	 * The entities named: by package (with its subpackages) or by fully qualified class name.
	 * @param names packages and class names; empty for every entity
	 * @return the filter
	 */
	public static Predicate<Class<?>> selection(List<String> names) {
		List<String> cleaned = names.stream().map(String::strip).filter((name) -> !name.isEmpty()).toList();
		if (cleaned.isEmpty()) {
			return (type) -> true;
		}
		return (type) -> cleaned.stream()
			.anyMatch((name) -> type.getName().equals(name) || type.getPackageName().equals(name)
					|| type.getPackageName().startsWith(name + "."));
	}

	/**
	 * Writes the files that differ from what is on disk.
	 * @param outputDir the output folder
	 * @param files each file's path below it and its text, as {@link #generate} gives them
	 * @return each file's path and whether it was written (false: it was already so)
	 */
	public static Map<Path, Boolean> write(Path outputDir, Map<String, String> files) {
		Map<Path, Boolean> written = new LinkedHashMap<>();
		try {
			for (Map.Entry<String, String> file : files.entrySet()) {
				Path path = outputDir.resolve(file.getKey());
				boolean same = Files.isRegularFile(path) && Files.readString(path).equals(file.getValue());
				if (!same) {
					Files.createDirectories(path.getParent());
					Files.writeString(path, file.getValue());
				}
				written.put(path, !same);
			}
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		return written;
	}

	private Map<String, String> files(Path outputDir, boolean services) {
		Map<String, List<ManagedType<?>>> byPackage = new TreeMap<>();
		for (ManagedType<?> type : this.types) {
			byPackage.computeIfAbsent(type.getJavaType().getPackageName(), (p) -> new ArrayList<>()).add(type);
		}
		Map<String, String> files = new TreeMap<>();
		byPackage.forEach((javaPackage, types) -> {
			ProtoSchema.File file = file(javaPackage, types);
			Path existing = outputDir.resolve(file.path());
			FieldNumbers numbers;
			try {
				numbers = Files.isRegularFile(existing) ? FieldNumbers.read(Files.readString(existing))
						: FieldNumbers.none();
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
			files.put(file.path(), ProtoText.of(file, numbers, javaPackage));
			List<CrudServices.Entity> entities = types.stream()
				.filter((type) -> type instanceof EntityType<?> entity && entity.hasSingleIdAttribute())
				.map((type) -> new CrudServices.Entity(type.getJavaType().getSimpleName(), idType(type.getJavaType())))
				.toList();
			if (services && !entities.isEmpty()) {
				String path = file.path().replace("entities.proto", "entities_service.proto");
				files.put(path, CrudServices.of(file.path(), file.protoPackage(), file.javaPackage(), entities));
			}
		});
		return files;
	}

	private ProtoSchema.File file(String javaPackage, List<ManagedType<?>> types) {
		String protoPackage = this.protoPackages.get(javaPackage);
		Set<String> imports = new TreeSet<>();
		Map<String, ProtoSchema.Enum> enums = new TreeMap<>();
		List<ProtoSchema.Message> messages = new ArrayList<>();
		for (ManagedType<?> type : types) {
			List<ProtoSchema.Field> fields = new ArrayList<>();
			attributes(type).forEach((attribute) -> fields.add(documented(field(attribute, javaPackage, imports, enums),
					attribute)));
			messages.add(new ProtoSchema.Message(type.getJavaType().getSimpleName(), type.getJavaType().getName(),
					this.javadoc.ofClass(type.getJavaType()).orElse(List.of()), fields));
		}
		return new ProtoSchema.File(protoPackage.replace('.', '/') + "/entities.proto", protoPackage,
				javaPackage + ".proto", List.copyOf(imports), messages, List.copyOf(enums.values()));
	}

	/** The id first, then the other attributes by name, so the order does not depend on Hibernate's. */
	private static List<Attribute<?, ?>> attributes(ManagedType<?> type) {
		List<Attribute<?, ?>> all = new ArrayList<>(type.getAttributes());
		all.sort(Comparator.comparing((Attribute<?, ?> attribute) -> !isId(attribute))
			.thenComparing(Attribute::getName));
		return all;
	}

	static boolean isId(Attribute<?, ?> attribute) {
		return attribute instanceof SingularAttribute<?, ?> singular && singular.isId();
	}

	/** The attribute's Javadoc before the type's note. */
	private ProtoSchema.Field documented(ProtoSchema.Field field, Attribute<?, ?> attribute) {
		List<String> javadoc = this.javadoc.ofField(attribute.getDeclaringType().getJavaType(), attribute.getName())
			.orElse(List.of());
		if (javadoc.isEmpty()) {
			return field;
		}
		List<String> comments = new ArrayList<>(javadoc);
		comments.addAll(field.comments());
		return new ProtoSchema.Field(field.name(), field.type(), field.label(), List.copyOf(comments));
	}

	private ProtoSchema.Field field(Attribute<?, ?> attribute, String javaPackage, Set<String> imports,
			Map<String, ProtoSchema.Enum> enums) {
		String name = ProtoNames.fieldName(attribute);
		Class<?> javaType = attribute.getJavaType();
		switch (attribute.getPersistentAttributeType()) {
			case MANY_TO_ONE, ONE_TO_ONE -> {
				return new ProtoSchema.Field(name, idType(javaType), "",
						List.of("The id of the " + javaType.getSimpleName() + "."));
			}
			case ONE_TO_MANY, MANY_TO_MANY -> {
				Class<?> element = ((PluralAttribute<?, ?, ?>) attribute).getElementType().getJavaType();
				return new ProtoSchema.Field(name, idType(element), "repeated ",
						List.of("The ids of the " + element.getSimpleName() + "s."));
			}
			case ELEMENT_COLLECTION -> {
				Class<?> element = ((PluralAttribute<?, ?, ?>) attribute).getElementType().getJavaType();
				return new ProtoSchema.Field(name, type(element, javaPackage, imports, enums).type(), "repeated ", List.of());
			}
			case EMBEDDED -> {
				return new ProtoSchema.Field(name, reference(javaType, this.protoPackages.get(javaPackage), imports), "",
						List.of());
			}
			default -> {
				Typed typed = type(javaType, javaPackage, imports, enums);
				boolean nullable = attribute instanceof SingularAttribute<?, ?> singular && singular.isOptional()
						&& !singular.isId() && !javaType.isPrimitive();
				String label = (nullable && typed.mayBeOptional()) ? "optional " : "";
				return new ProtoSchema.Field(name, typed.type(), label,
						(typed.comment() != null) ? List.of(typed.comment()) : List.of());
			}
		}
	}

	private Typed type(Class<?> javaType, String javaPackage, Set<String> imports, Map<String, ProtoSchema.Enum> enums) {
		String scalar = SCALARS.get(javaType);
		if (scalar != null) {
			return new Typed(scalar, true, null);
		}
		if (BigDecimal.class.equals(javaType) || BigInteger.class.equals(javaType)) {
			return new Typed("string", true, "A decimal number as text, such as \"19.99\": exact, unlike a double.");
		}
		if (UUID.class.equals(javaType)) {
			return new Typed("string", true, "A UUID as text.");
		}
		if (LocalTime.class.equals(javaType)) {
			return new Typed("string", true, "A time of day as text, such as \"13:45:00\".");
		}
		if (Instant.class.equals(javaType) || OffsetDateTime.class.equals(javaType)
				|| ZonedDateTime.class.equals(javaType) || LocalDateTime.class.equals(javaType)
				|| LocalDate.class.equals(javaType) || java.util.Date.class.isAssignableFrom(javaType)
				|| java.util.Calendar.class.isAssignableFrom(javaType)) {
			imports.add("google/protobuf/timestamp.proto");
			String comment = LocalDate.class.equals(javaType) || java.sql.Date.class.equals(javaType)
					? "A date: midnight UTC of that day." : LocalDateTime.class.equals(javaType)
							? "A local date and time, taken as UTC." : null;
			return new Typed(TIMESTAMP, false, comment);
		}
		if (Duration.class.equals(javaType)) {
			imports.add("google/protobuf/duration.proto");
			return new Typed(DURATION, false, null);
		}
		if (javaType.isEnum()) {
			if (javaType.getPackageName().equals(javaPackage)) {
				List<String> values = new ArrayList<>();
				values.add(ProtoNames.enumValueName(javaType.getSimpleName(), "UNSPECIFIED"));
				for (Object constant : javaType.getEnumConstants()) {
					values.add(ProtoNames.enumValueName(javaType.getSimpleName(), ((Enum<?>) constant).name()));
				}
				enums.put(javaType.getSimpleName(), new ProtoSchema.Enum(javaType.getSimpleName(), values));
				// Proto3 optional works for enums too: a null column stays apart from the zero value.
				return new Typed(javaType.getSimpleName(), true, null);
			}
			throw new IllegalArgumentException("Enum " + javaType.getName() + " is used by an entity of another "
					+ "package; genproto writes enums beside the entities of their own package only");
		}
		throw new IllegalArgumentException("genproto has no proto type for " + javaType.getName()
				+ "; map the attribute to a supported type or leave its entity out (--entities)");
	}

	/** A message of this generation, imported from its own file when it is in another package. */
	private String reference(Class<?> javaType, String protoPackage, Set<String> imports) {
		String target = this.protoPackages.get(javaType.getPackageName());
		if (target == null) {
			throw new IllegalArgumentException(javaType.getName() + " is embedded but not among the classes genproto writes");
		}
		if (!target.equals(protoPackage)) {
			imports.add(target.replace('.', '/') + "/entities.proto");
			return target + "." + javaType.getSimpleName();
		}
		return javaType.getSimpleName();
	}

	private String idType(Class<?> entity) {
		EntityType<?> target = this.entities.get(entity);
		if (target == null) {
			return "int64";
		}
		String scalar = SCALARS.get(target.getIdType().getJavaType());
		return (scalar != null) ? scalar : "string";
	}

	/** Each Java package's proto package: the prefix and the last segment, more segments if two clash. */
	private Map<String, String> protoPackages(List<String> javaPackages) {
		Map<String, String> result = new TreeMap<>();
		Set<String> distinct = new TreeSet<>(javaPackages);
		for (int segments = 1; result.size() < distinct.size(); segments++) {
			result.clear();
			Map<String, String> seen = new java.util.HashMap<>();
			boolean clash = false;
			for (String javaPackage : distinct) {
				String[] parts = javaPackage.split("\\.");
				String name = String.join(".", java.util.Arrays.copyOfRange(parts, Math.max(0, parts.length - segments),
						parts.length)).toLowerCase(Locale.ROOT);
				String full = this.prefix.isEmpty() ? name : this.prefix + "." + name;
				clash |= seen.put(full, javaPackage) != null;
				result.put(javaPackage, full);
			}
			if (clash) {
				result.clear();
				if (segments > 64) {
					throw new IllegalStateException("Cannot tell the entity packages apart: " + distinct);
				}
			}
		}
		return result;
	}

	private static Map<Class<?>, String> scalars() {
		Map<Class<?>, String> scalars = new java.util.HashMap<>();
		scalars.put(String.class, "string");
		scalars.put(Character.class, "string");
		scalars.put(char.class, "string");
		scalars.put(Long.class, "int64");
		scalars.put(long.class, "int64");
		scalars.put(Integer.class, "int32");
		scalars.put(int.class, "int32");
		scalars.put(Short.class, "int32");
		scalars.put(short.class, "int32");
		scalars.put(Byte.class, "int32");
		scalars.put(byte.class, "int32");
		scalars.put(Boolean.class, "bool");
		scalars.put(boolean.class, "bool");
		scalars.put(Double.class, "double");
		scalars.put(double.class, "double");
		scalars.put(Float.class, "float");
		scalars.put(float.class, "float");
		scalars.put(byte[].class, "bytes");
		return Map.copyOf(scalars);
	}

	/** A proto type; {@code mayBeOptional}: proto3 {@code optional} applies (scalars and enums, not messages). */
	private record Typed(String type, boolean mayBeOptional, String comment) {
	}

}
