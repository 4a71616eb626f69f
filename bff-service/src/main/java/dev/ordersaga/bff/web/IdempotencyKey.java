package dev.ordersaga.bff.web;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The syntax of the {@code Idempotency-Key} header: given at most once, 1 to {@value #MAX_LENGTH} characters, each
 * visible ASCII ({@code 0x21}-{@code 0x7E}) except the comma. Anything else would not reach the order-saga-service
 * as sent: Tomcat reads header bytes as ISO-8859-1 and the HTTP client turns what it cannot send into {@code ?}, so
 * {@code ключ-1} and {@code ЖЖЖЖ-1} would be one key; two headers (or a proxy folding them) arrive joined with a
 * comma. The order-saga-service checks the same rule on its internal API.
 */
public final class IdempotencyKey {

	public static final String HEADER = "Idempotency-Key";

	public static final int MAX_LENGTH = 255;

	/** The rule as a regular expression, for the OpenAPI document. */
	public static final String PATTERN = "^[\\x21-\\x2B\\x2D-\\x7E]{1," + MAX_LENGTH + "}$";

	/** The rule in words, for the OpenAPI document and the README. */
	public static final String SYNTAX = "1 to " + MAX_LENGTH
			+ " visible ASCII characters (0x21-0x7E) other than the comma, given at most once";

	private IdempotencyKey() {
	}

	/**
	 * @param values every {@code Idempotency-Key} header of the request, in order (empty when there is none)
	 * @return the key, or {@code null} when the request has none
	 * @throws InvalidIdempotencyKeyException when the header is given twice or the key breaks the syntax
	 */
	public static @Nullable String of(List<String> values) {
		if (values.isEmpty()) {
			return null;
		}
		if (values.size() > 1) {
			throw new InvalidIdempotencyKeyException("must be given once, not " + values.size() + " times");
		}
		String key = values.get(0);
		if (key.isEmpty()) {
			throw new InvalidIdempotencyKeyException("must not be empty (" + SYNTAX + ")");
		}
		if (key.length() > MAX_LENGTH) {
			throw new InvalidIdempotencyKeyException("must be at most " + MAX_LENGTH + " characters");
		}
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (c < 0x21 || c > 0x7E || c == ',') {
				throw new InvalidIdempotencyKeyException("has a character that is not allowed at position " + (i + 1)
						+ " (" + SYNTAX + ")");
			}
		}
		return key;
	}

	/** The {@code Idempotency-Key} header breaks the syntax: a 400 naming the header. */
	public static class InvalidIdempotencyKeyException extends RuntimeException {

		InvalidIdempotencyKeyException(String message) {
			super(message);
		}

		public InvalidField field() {
			return new InvalidField(HEADER, getMessage());
		}

	}

}
