package dev.cfg.grpc.log;

import java.time.Instant;
import java.util.List;

/**
 * A page of calls from {@link RequestLog#find(RequestFilter, int, RequestPage.Cursor)}, newest first.
 *
 * @param calls the calls of this page (their bodies not read)
 * @param next where the next page starts, or null when this is the last
 */
public record RequestPage(List<RequestLogRecord> calls, Cursor next) {

	/**
	 * Where a page starts: after the call that started at {@code createdAt} with row id {@code id}.
	 * Pages read from a cursor stay as fast deep into the log as at its start, and new calls do not
	 * shift them.
	 *
	 * @param createdAt when the last call of the previous page started
	 * @param id its row id
	 */
	public record Cursor(Instant createdAt, long id) {

		/**
		 * The cursor as one URL-safe word, for a "next page" link.
		 * @return for example {@code 1764150000123456-42}
		 */
		public String token() {
			long micros = Math.addExact(Math.multiplyExact(this.createdAt.getEpochSecond(), 1_000_000L),
					this.createdAt.getNano() / 1_000);
			return micros + "-" + this.id;
		}

		/**
		 * Reads a cursor from its token.
		 * @param token what {@link #token()} wrote
		 * @return the cursor
		 * @throws IllegalArgumentException when the token is not one
		 */
		public static Cursor parse(String token) {
			int dash = (token != null) ? token.lastIndexOf('-') : -1;
			if (dash <= 0 || token.length() > 40) {
				throw new IllegalArgumentException("Not a page cursor: " + token);
			}
			try {
				long micros = Long.parseLong(token.substring(0, dash));
				long id = Long.parseLong(token.substring(dash + 1));
				return new Cursor(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
						Math.floorMod(micros, 1_000_000L) * 1_000L), id);
			}
			catch (NumberFormatException | java.time.DateTimeException ex) {
				throw new IllegalArgumentException("Not a page cursor: " + token, ex);
			}
		}

	}

}
