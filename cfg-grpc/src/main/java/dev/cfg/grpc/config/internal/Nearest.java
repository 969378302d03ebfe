package dev.cfg.grpc.config.internal;

import java.util.Collection;

/**
 * The word a typo most likely meant: the candidate closest in edit distance (letters added,
 * removed or changed), when close enough, for "did you mean" in error messages.
 */
public final class Nearest {

	private Nearest() {
	}

	/**
	 * The candidate nearest to what was typed.
	 * @param typed what was given
	 * @param candidates the words that exist
	 * @param maxDistance the most edits a typo may be away
	 * @return the nearest candidate, or null when none is within {@code maxDistance}
	 */
	public static String to(String typed, Collection<String> candidates, int maxDistance) {
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (String candidate : candidates) {
			int distance = distance(typed, candidate);
			if (distance < bestDistance) {
				best = candidate;
				bestDistance = distance;
			}
		}
		return (bestDistance <= maxDistance) ? best : null;
	}

	static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
