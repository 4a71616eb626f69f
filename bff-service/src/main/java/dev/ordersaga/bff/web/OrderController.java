package dev.ordersaga.bff.web;

import java.math.BigDecimal;
import java.net.URI;
import java.util.Collections;
import java.util.UUID;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.ordersaga.bff.client.CreatedOrder;
import dev.ordersaga.bff.client.NewOrder;
import dev.ordersaga.bff.client.OrderLine;
import dev.ordersaga.bff.client.OrderSagaClient;

/**
 * The public order API. A request reaches the order-saga-service only once it is valid; failures become
 * problem+json in {@link ApiProblemHandler}.
 */
@RestController
@RequestMapping(path = "/saga/orders", produces = MediaType.APPLICATION_JSON_VALUE)
public class OrderController {

	private static final Logger log = LoggerFactory.getLogger(OrderController.class);

	private static final Pattern UUID_PATTERN = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private final OrderSagaClient orderSaga;

	public OrderController(OrderSagaClient orderSaga) {
		this.orderSaga = orderSaga;
	}

	/**
	 * The {@code Idempotency-Key} is read from the servlet request, not bound with {@code @RequestHeader}: Spring
	 * would join two headers into one value ({@code k1,k2}), and both must be refused ({@link IdempotencyKey}).
	 */
	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Parameter(in = ParameterIn.HEADER, name = IdempotencyKey.HEADER, required = false)
	public ResponseEntity<OrderAccepted> placeOrder(@Valid @RequestBody OrderRequest request,
			HttpServletRequest servletRequest) {
		@Nullable String idempotencyKey = IdempotencyKey
			.of(Collections.list(servletRequest.getHeaders(IdempotencyKey.HEADER)));
		long amountCents = toCents(request.amount());
		NewOrder order = new NewOrder(request.customerId(),
				request.items().stream().map((line) -> new OrderLine(line.sku(), line.qty())).toList(), amountCents);
		CreatedOrder created = this.orderSaga.createOrder(order, idempotencyKey);
		log.info("Order {} accepted: {}, {} line(s), amount {}", created.orderId(), order.customerId(),
				order.items().size(), BigDecimal.valueOf(amountCents, 2));
		URI location = ServletUriComponentsBuilder.fromCurrentRequestUri()
			.path("/{orderId}")
			.buildAndExpand(created.orderId())
			.toUri();
		return ResponseEntity.accepted().location(location).body(new OrderAccepted(created.orderId(), created.status()));
	}

	@GetMapping("/{orderId}")
	public OrderView getOrder(@PathVariable String orderId) {
		if (!UUID_PATTERN.matcher(orderId).matches()) {
			throw new OrderNotFoundException(orderId);
		}
		return this.orderSaga.findOrder(UUID.fromString(orderId))
			.map(OrderView::from)
			.orElseThrow(() -> new OrderNotFoundException(orderId));
	}

	/** Exact: the amount has at most 2 decimals and is bounded (validated), so this never rounds or overflows. */
	static long toCents(BigDecimal amount) {
		return amount.movePointRight(2).longValueExact();
	}

}
