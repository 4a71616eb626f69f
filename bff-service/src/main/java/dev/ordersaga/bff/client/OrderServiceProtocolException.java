package dev.ordersaga.bff.client;

/**
 * The order-saga-service answered something its contract does not allow (an unexpected status, an unreadable
 * body): a bug or a version mismatch, not worth retrying.
 */
public class OrderServiceProtocolException extends RuntimeException {

	public OrderServiceProtocolException(String message, Throwable cause) {
		super(message, cause);
	}

	public OrderServiceProtocolException(String message) {
		super(message);
	}

}
