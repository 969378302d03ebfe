package dev.cfg.grpc.pipeline.internal;

import java.util.Set;

/**
 * The methods of the services every server has beside the application's: health checking and
 * reflection. Auth lets health through (and reflection when it is public) and rate limits never
 * count them; both ask here, so the two lists cannot drift apart.
 */
public final class BuiltInMethods {

	/** {@code grpc.health.v1}'s methods. */
	public static final Set<String> HEALTH = Set.of("grpc.health.v1.Health/Check", "grpc.health.v1.Health/Watch",
			"grpc.health.v1.Health/List");

	/** Reflection's methods, {@code v1} and {@code v1alpha}. */
	public static final Set<String> REFLECTION = Set.of("grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
			"grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo");

	private BuiltInMethods() {
	}

	/**
	 * Whether a method is one of health checking's or reflection's.
	 * @param fullMethodName such as {@code grpc.health.v1.Health/Check}
	 * @return true for those
	 */
	public static boolean isHealthOrReflection(String fullMethodName) {
		return HEALTH.contains(fullMethodName) || REFLECTION.contains(fullMethodName);
	}

}
