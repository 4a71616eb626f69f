package dev.ordersaga.bff.web;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;


import dev.ordersaga.bff.support.AgainstFakeOrderService;
import dev.ordersaga.bff.support.PublicApi.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Idempotency-Key header's syntax (1 to 255 visible ASCII characters other than the comma, given at most once):
 * a key the order-saga-service could not receive as sent is a 400 naming the header, and is never forwarded.
 */
class IdempotencyKeyHeaderTest extends AgainstFakeOrderService {

	static final String ORDER = "{\"customerId\":\"alice\",\"items\":[{\"sku\":\"A\",\"qty\":1}],\"amount\":1}";

	/** Sent as UTF-8 bytes, as curl does: forwarded, both became "????-1" and were one key. */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "ключ-1", "ЖЖЖЖ-1", "café", "k\u00e9y" })
	void aNonAsciiKeyIsABadRequestNamingTheHeader(String key) {
		Response response = this.api.postRaw("/saga/orders", ORDER, "Idempotency-Key: " + key);

		assertInvalidKey(response, "has a character that is not allowed at position");
	}

	@ParameterizedTest(name = "\"{0}\"")
	@ValueSource(strings = { "two words", "k1,k2", "tab\there" })
	void aKeyWithASpaceACommaOrAControlCharacterIsABadRequest(String key) {
		Response response = this.api.postRaw("/saga/orders", ORDER, "Idempotency-Key: " + key);

		assertInvalidKey(response, "has a character that is not allowed at position");
	}

	/** Was forwarded and answered "Invalid order" with "errors":[], naming nothing. */
	@Test
	void anEmptyKeyIsABadRequestNamingTheHeader() {
		Response response = this.api.postRaw("/saga/orders", ORDER, "Idempotency-Key:");

		assertInvalidKey(response, "must not be empty");
	}

	/** Was forwarded as one key "k1,k2". */
	@Test
	void twoKeysInOneRequestAreABadRequest() {
		Response response = this.api.post("/saga/orders", ORDER, "application/json", "Idempotency-Key", "k1",
				"Idempotency-Key", "k2");

		assertInvalidKey(response, "must be given once, not 2 times");
	}

	@Test
	void aKeyOf256CharactersIsABadRequest() {
		Response response = this.api.post("/saga/orders", ORDER, "application/json", "Idempotency-Key",
				"k".repeat(256));

		assertInvalidKey(response, "must be at most 255 characters");
	}

	@Test
	void everyVisibleAsciiCharacterButTheCommaUpTo255IsForwardedAsSent() {
		StringBuilder visible = new StringBuilder();
		IntStream.rangeClosed(0x21, 0x7E).filter((c) -> c != ',').forEach((c) -> visible.append((char) c));
		String key = visible + "x".repeat(255 - visible.length());

		Response response = this.api.post("/saga/orders", ORDER, "application/json", "Idempotency-Key", key);

		assertThat(response.status()).as(response.body()).isEqualTo(202);
		assertThat(orderService.received()).singleElement()
			.satisfies((request) -> assertThat(request.headers().get("Idempotency-Key")).containsExactly(key));
	}

	@Test
	void anInvalidKeyIsNamedTogetherWithTheInvalidFieldsOfTheBody() {
		Response response = this.api.postRaw("/saga/orders",
				"{\"customerId\":\"\",\"items\":[{\"sku\":\"A\",\"qty\":1}],\"amount\":1}", "Idempotency-Key: ключ-1");

		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(PlaceOrderValidationTest.fields(response.json())).containsExactly("customerId", "Idempotency-Key");
		assertThat(orderService.received()).isEmpty();
	}

	private static void assertInvalidKey(Response response, String message) {
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.isProblem()).as(response.contentType()).isTrue();
		JsonNode problem = response.json();
		assertThat(problem.path("status").asInt()).isEqualTo(400);
		assertThat(problem.path("title").asString()).isEqualTo("Invalid order");
		assertThat(PlaceOrderValidationTest.fields(problem)).containsExactly("Idempotency-Key");
		assertThat(problem.path("errors").get(0).path("message").asString()).contains(message);
		assertThat(problem.path("detail").asString()).startsWith("Idempotency-Key ");
		assertThat(orderService.received()).isEmpty();
	}

}
