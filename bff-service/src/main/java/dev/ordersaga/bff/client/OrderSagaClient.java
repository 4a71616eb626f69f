package dev.ordersaga.bff.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

import dev.ordersaga.bff.config.BffProperties;

/**
 * Calls the order-saga-service's internal HTTP API and turns its failures into three exceptions:
 * {@link OrderRejectedException} (400), {@link OrderServiceUnavailableException} (unreachable, timeout, 5xx) and
 * {@link OrderServiceProtocolException} (anything else the contract does not allow).
 */
@Component
public class OrderSagaClient {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private static final Logger log = LoggerFactory.getLogger(OrderSagaClient.class);

	private final RestClient restClient;

	private final String baseUrl;

	public OrderSagaClient(RestClient orderSagaRestClient, BffProperties properties) {
		this.restClient = orderSagaRestClient;
		this.baseUrl = properties.orderSagaUrl().toString();
	}

	/**
	 * {@code POST /orders}.
	 * @param order the validated order
	 * @param idempotencyKey the caller's {@code Idempotency-Key} header (its syntax already checked), forwarded as is
	 * when present
	 * @return the created order's id and status
	 */
	public CreatedOrder createOrder(NewOrder order, @Nullable String idempotencyKey) {
		CreatedOrder created;
		try {
			created = this.restClient.post()
				.uri("/orders")
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
				.headers((headers) -> {
					if (idempotencyKey != null) {
						headers.set(IDEMPOTENCY_KEY, idempotencyKey);
					}
				})
				.body(order)
				.retrieve()
				.body(CreatedOrder.class);
		}
		catch (HttpClientErrorException.BadRequest ex) {
			throw rejection(ex);
		}
		catch (HttpClientErrorException ex) {
			if (ex.getStatusCode().value() == 422) {
				throw new IdempotencyKeyReusedException(detailOf(ex, "the Idempotency-Key was already used for another order"));
			}
			throw translate("POST /orders", ex);
		}
		catch (RestClientException ex) {
			throw translate("POST /orders", ex);
		}
		if (created == null || !StringUtils.hasText(created.orderId())) {
			throw unexpected("POST /orders", "no orderId in the response");
		}
		return created;
	}

	/**
	 * {@code GET /orders/{orderId}}.
	 * @param orderId the order's id
	 * @return the order, empty when the order-saga-service does not know it
	 */
	public Optional<OrderSnapshot> findOrder(UUID orderId) {
		OrderSnapshot snapshot;
		try {
			snapshot = this.restClient.get()
				.uri("/orders/{orderId}", orderId)
				.accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
				.retrieve()
				.body(OrderSnapshot.class);
		}
		catch (HttpClientErrorException.NotFound ex) {
			return Optional.empty();
		}
		catch (RestClientException ex) {
			throw translate("GET /orders/{orderId}", ex);
		}
		if (snapshot == null) {
			throw unexpected("GET /orders/{orderId}", "empty response body");
		}
		return Optional.of(snapshot);
	}

	private RuntimeException translate(String operation, RestClientException ex) {
		if (ex instanceof ResourceAccessException || ex instanceof HttpServerErrorException || diedMidAnswer(ex)) {
			log.warn("Order service unavailable ({} at {}): {}", operation, this.baseUrl, describe(ex));
			return new OrderServiceUnavailableException("order service unavailable", ex);
		}
		log.warn("Order service at {} answered {} unexpectedly: {}", this.baseUrl, operation, describe(ex));
		return new OrderServiceProtocolException("unexpected response from the order service: " + describe(ex), ex);
	}

	/**
	 * The connection broke or timed out while the body was being read (the service died or stalled mid-answer):
	 * the order may or may not exist, so it is "unavailable, try again" (with the same Idempotency-Key), not a
	 * contract violation.
	 */
	private static boolean diedMidAnswer(RestClientException ex) {
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof IOException) {
				return true;
			}
		}
		return false;
	}

	/** One line for the log: the status, or the cause (a JDK ConnectException has no message). */
	private static String describe(RestClientException ex) {
		if (ex instanceof RestClientResponseException response) {
			return "status " + response.getStatusCode().value();
		}
		Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
		String type = cause.getClass().getSimpleName();
		return (cause.getMessage() != null) ? type + ": " + cause.getMessage() : type;
	}

	private OrderServiceProtocolException unexpected(String operation, String what) {
		log.warn("Order service at {} answered {} unexpectedly: {}", this.baseUrl, operation, what);
		return new OrderServiceProtocolException("unexpected response from the order service: " + what);
	}

	private String detailOf(HttpClientErrorException ex, String fallback) {
		JsonNode problem = readProblem(ex);
		JsonNode detailNode = (problem != null) ? problem.get("detail") : null;
		if (detailNode != null && detailNode.isString() && StringUtils.hasText(detailNode.asString())) {
			return detailNode.asString();
		}
		return fallback;
	}

	private OrderRejectedException rejection(HttpClientErrorException ex) {
		String detail = detailOf(ex, "the order service rejected the order");
		List<FieldViolation> violations = new ArrayList<>();
		JsonNode problem = readProblem(ex);
		if (problem != null) {
			JsonNode errors = problem.get("errors");
			if (errors != null && errors.isArray()) {
				for (JsonNode error : errors) {
					JsonNode field = error.get("field");
					JsonNode message = error.get("message");
					if (field != null && field.isString() && message != null && message.isString()) {
						violations.add(new FieldViolation(field.asString(), message.asString()));
					}
				}
			}
		}
		return new OrderRejectedException(detail, violations);
	}

	private @Nullable JsonNode readProblem(HttpClientErrorException ex) {
		try {
			return ex.getResponseBodyAs(JsonNode.class);
		}
		catch (RuntimeException unreadable) {
			return null;
		}
	}

}
