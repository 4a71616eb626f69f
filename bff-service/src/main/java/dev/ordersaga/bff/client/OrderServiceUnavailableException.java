package dev.ordersaga.bff.client;

/** The order-saga-service could not be reached, timed out or answered 5xx: the caller may try again. */
public class OrderServiceUnavailableException extends RuntimeException {

	public OrderServiceUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
