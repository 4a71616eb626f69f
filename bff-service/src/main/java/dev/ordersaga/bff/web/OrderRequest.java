package dev.ordersaga.bff.web;

import java.math.BigDecimal;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /saga/orders}. Types are checked by Jackson (strictly: no coercion of scalars, no floats for
 * integers, unknown properties rejected — see application.yml), values by these constraints. Messages are literal
 * (not looked up by locale) so the public API answers the same text to every client.
 */
public record OrderRequest(
		@NotBlank(message = "must not be blank")
		@Size(max = 64, message = "must be at most 64 characters")
		@Pattern(regexp = "\\P{Cntrl}*", message = "must not contain control characters")
		String customerId,

		@NotEmpty(message = "must contain at least one item")
		@Size(max = 100, message = "must contain at most 100 items")
		List<@NotNull(message = "must not be null") @Valid OrderLineRequest> items,

		@NotNull(message = "must not be null")
		@DecimalMin(value = "0", message = "must not be negative")
		@DecimalMax(value = "1000000000", message = "must be at most 1000000000")
		@Digits(integer = Integer.MAX_VALUE, fraction = 2, message = "must have at most 2 decimal places")
		BigDecimal amount) {

	/** One order line. */
	public record OrderLineRequest(
			@NotBlank(message = "must not be blank")
			@Size(max = 64, message = "must be at most 64 characters")
			@Pattern(regexp = "\\P{Cntrl}*", message = "must not contain control characters")
			String sku,

			@NotNull(message = "must not be null")
			@Positive(message = "must be greater than 0")
			Integer qty) {
	}

}
