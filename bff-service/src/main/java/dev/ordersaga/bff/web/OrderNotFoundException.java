package dev.ordersaga.bff.web;

/** No order with this id (also thrown for ids that are not UUIDs: they cannot name an order). */
class OrderNotFoundException extends RuntimeException {

	private final String orderId;

	OrderNotFoundException(String orderId) {
		super("no order with id " + orderId);
		this.orderId = orderId;
	}

	String orderId() {
		return this.orderId;
	}

}
