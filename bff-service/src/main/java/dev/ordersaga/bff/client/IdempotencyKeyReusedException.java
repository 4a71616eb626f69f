package dev.ordersaga.bff.client;

/** The order-saga-service answered 422: the Idempotency-Key was already used for a different order. */
public class IdempotencyKeyReusedException extends RuntimeException {

	public IdempotencyKeyReusedException(String detail) {
		super(detail);
	}

}
