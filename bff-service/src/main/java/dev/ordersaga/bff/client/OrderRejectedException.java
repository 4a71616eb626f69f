package dev.ordersaga.bff.client;

import java.util.List;

/** The order-saga-service answered 400: the order is invalid by its rules. */
public class OrderRejectedException extends RuntimeException {

	private final String detail;

	private final List<FieldViolation> violations;

	public OrderRejectedException(String detail, List<FieldViolation> violations) {
		super(detail);
		this.detail = detail;
		this.violations = List.copyOf(violations);
	}

	public String detail() {
		return this.detail;
	}

	public List<FieldViolation> violations() {
		return this.violations;
	}

}
