package dev.ordersaga.bff.web;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;


import dev.ordersaga.bff.support.AgainstFakeOrderService;
import dev.ordersaga.bff.support.PublicApi.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every invalid body is answered 400 problem+json naming the field(s), and nothing reaches the order service.
 */
class PlaceOrderValidationTest extends AgainstFakeOrderService {

	static Stream<Arguments> invalidBodies() {
		String line = "{\"sku\":\"A\",\"qty\":1}";
		String items = "[" + line + "]";
		return Stream.of(
				arguments("missing customerId", "{\"items\":" + items + ",\"amount\":100}", "customerId"),
				arguments("null customerId", "{\"customerId\":null,\"items\":" + items + ",\"amount\":100}", "customerId"),
				arguments("blank customerId", "{\"customerId\":\"   \",\"items\":" + items + ",\"amount\":100}", "customerId"),
				arguments("customerId of 65 chars", "{\"customerId\":\"" + "c".repeat(65) + "\",\"items\":" + items + ",\"amount\":100}", "customerId"),
				arguments("customerId with a line break", "{\"customerId\":\"al\\nice\",\"items\":" + items + ",\"amount\":100}", "customerId"),
				arguments("customerId a number", "{\"customerId\":42,\"items\":" + items + ",\"amount\":100}", "customerId"),
				arguments("missing items", "{\"customerId\":\"alice\",\"amount\":100}", "items"),
				arguments("null items", "{\"customerId\":\"alice\",\"items\":null,\"amount\":100}", "items"),
				arguments("empty items", "{\"customerId\":\"alice\",\"items\":[],\"amount\":100}", "items"),
				arguments("101 items", "{\"customerId\":\"alice\",\"items\":[" + String.join(",", java.util.Collections.nCopies(101, line)) + "],\"amount\":100}", "items"),
				arguments("items a string", "{\"customerId\":\"alice\",\"items\":\"A\",\"amount\":100}", "items"),
				arguments("items an object", "{\"customerId\":\"alice\",\"items\":" + line + ",\"amount\":100}", "items"),
				arguments("a null item", "{\"customerId\":\"alice\",\"items\":[null],\"amount\":100}", "items[0]"),
				arguments("an item that is a string", "{\"customerId\":\"alice\",\"items\":[\"A\"],\"amount\":100}", "items[0]"),
				arguments("item without sku", "{\"customerId\":\"alice\",\"items\":[{\"qty\":1}],\"amount\":100}", "items[0].sku"),
				arguments("item with blank sku", "{\"customerId\":\"alice\",\"items\":[{\"sku\":\"\",\"qty\":1}],\"amount\":100}", "items[0].sku"),
				arguments("sku of 65 chars", "{\"customerId\":\"alice\",\"items\":[{\"sku\":\"" + "s".repeat(65) + "\",\"qty\":1}],\"amount\":100}", "items[0].sku"),
				arguments("sku a number", "{\"customerId\":\"alice\",\"items\":[{\"sku\":7,\"qty\":1}],\"amount\":100}", "items[0].sku"),
				arguments("item without qty", "{\"customerId\":\"alice\",\"items\":[{\"sku\":\"A\"}],\"amount\":100}", "items[0].qty"),
				arguments("qty null", "{\"customerId\":\"alice\",\"items\":[{\"sku\":\"A\",\"qty\":null}],\"amount\":100}", "items[0].qty"),
				arguments("qty 0", "{\"customerId\":\"alice\",\"items\":[{\"sku\":\"A\",\"qty\":0}],\"amount\":100}", "items[0].qty"),
				arguments("negative qty on the second line", "{\"customerId\":\"alice\",\"items\":[" + line + ",{\"sku\":\"B\",\"qty\":-1}],\"amount\":100}", "items[1].qty"),
				arguments("qty not an integer", "{\"customerId\":\"alice\",\"items\":[{\"sku\":\"A\",\"qty\":1.5}],\"amount\":100}", "items[0].qty"),
				arguments("qty a word", "{\"customerId\":\"alice\",\"items\":[{\"sku\":\"A\",\"qty\":\"two\"}],\"amount\":100}", "items[0].qty"),
				arguments("qty a numeric string", "{\"customerId\":\"alice\",\"items\":[{\"sku\":\"A\",\"qty\":\"2\"}],\"amount\":100}", "items[0].qty"),
				arguments("qty beyond int", "{\"customerId\":\"alice\",\"items\":[{\"sku\":\"A\",\"qty\":99999999999}],\"amount\":100}", "items[0].qty"),
				arguments("qty a boolean", "{\"customerId\":\"alice\",\"items\":[{\"sku\":\"A\",\"qty\":true}],\"amount\":100}", "items[0].qty"),
				arguments("missing amount", "{\"customerId\":\"alice\",\"items\":" + items + "}", "amount"),
				arguments("negative amount", "{\"customerId\":\"alice\",\"items\":" + items + ",\"amount\":-0.01}", "amount"),
				arguments("amount with 3 decimals", "{\"customerId\":\"alice\",\"items\":" + items + ",\"amount\":19.999}", "amount"),
				arguments("amount with a trailing third decimal", "{\"customerId\":\"alice\",\"items\":" + items + ",\"amount\":19.990}", "amount"),
				arguments("amount over a billion", "{\"customerId\":\"alice\",\"items\":" + items + ",\"amount\":1000000000.01}", "amount"),
				arguments("absurd amount", "{\"customerId\":\"alice\",\"items\":" + items + ",\"amount\":1e300}", "amount"),
				arguments("amount a string", "{\"customerId\":\"alice\",\"items\":" + items + ",\"amount\":\"100\"}", "amount"),
				arguments("amount an object", "{\"customerId\":\"alice\",\"items\":" + items + ",\"amount\":{\"value\":100}}", "amount"),
				arguments("unknown property", "{\"customerId\":\"alice\",\"items\":" + items + ",\"amount\":100,\"coupon\":\"FREE\"}", "coupon"),
				arguments("unknown property in an item", "{\"customerId\":\"alice\",\"items\":[{\"sku\":\"A\",\"qty\":1,\"colour\":\"red\"}],\"amount\":100}", "items[0].colour"),
				arguments("an array body", "[{\"customerId\":\"alice\",\"items\":" + items + ",\"amount\":100}]", "body"),
				arguments("a string body", "\"alice\"", "body"),
				arguments("a JSON null body", "null", "body"),
				arguments("two objects", "{\"customerId\":\"alice\",\"items\":" + items + ",\"amount\":100}{}", "body"),
				arguments("a blank body", "   ", "body"),
				arguments("an empty body", "", "body"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidBodies")
	void invalidBodyIsAProblemNamingTheFieldAndReachesNoOne(String name, String body, String field) {
		Response response = this.api.postOrder(body);

		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.isProblem()).as(response.contentType()).isTrue();
		JsonNode problem = response.json();
		assertThat(problem.path("status").asInt()).isEqualTo(400);
		assertThat(problem.path("title").asString()).isEqualTo("Invalid order");
		assertThat(fields(problem)).contains(field);
		assertThat(problem.path("detail").asString()).contains(field);
		assertThat(response.body()).doesNotContain("Exception", "dev.ordersaga");
		assertThat(orderService.received()).isEmpty();
	}

	@Test
	void zeroQuantityIsNamedWithItsPathAndReason() {
		Response response = this.api
			.postOrder("{\"customerId\":\"alice\",\"items\":[{\"sku\":\"A\",\"qty\":0}],\"amount\":100}");

		JsonNode problem = response.json();
		assertThat(problem.path("detail").asString()).isEqualTo("items[0].qty must be greater than 0");
		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("items[0].qty");
		assertThat(problem.path("errors").get(0).path("message").asString()).isEqualTo("must be greater than 0");
		assertThat(problem.path("type").asString()).isNotBlank();
	}

	@Test
	void everyInvalidFieldIsNamedAtOnce() {
		Response response = this.api
			.postOrder("{\"customerId\":\"\",\"items\":[{\"sku\":\"\",\"qty\":0}],\"amount\":-5}");

		assertThat(response.status()).isEqualTo(400);
		assertThat(fields(response.json())).containsExactlyInAnyOrder("amount", "customerId", "items[0].qty",
				"items[0].sku");
		assertThat(orderService.received()).isEmpty();
	}

	@Test
	void typeMismatchSaysWhatTypeIsExpected() {
		Response response = this.api
			.postOrder("{\"customerId\":\"alice\",\"items\":[{\"sku\":\"A\",\"qty\":\"two\"}],\"amount\":100}");

		assertThat(response.json().path("detail").asString()).isEqualTo("items[0].qty must be an integer");
	}

	@Test
	void unknownPropertyIsRejectedByName() {
		Response response = this.api
			.postOrder("{\"customerId\":\"alice\",\"items\":[{\"sku\":\"A\",\"qty\":1}],\"amount\":100,\"coupon\":1}");

		assertThat(response.json().path("detail").asString())
			.isEqualTo("coupon is not a known property (allowed: amount, customerId, items)");
	}

	@Test
	void malformedJsonSaysWhere() {
		Response response = this.api.postOrder("{\"customerId\":\"alice\",\n\"items\": [{\"sku\":\"A\",\"qty\":1,}]}");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.isProblem()).isTrue();
		assertThat(response.json().path("detail").asString()).contains("not well-formed JSON", "line 2", "column");
		assertThat(fields(response.json())).hasSize(1);
		assertThat(orderService.received()).isEmpty();
	}

	@Test
	void aFieldGivenTwiceIsRejectedInsteadOfTakingTheLastValue() {
		Response response = this.api.postOrder(
				"{\"customerId\":\"alice\",\"customerId\":\"bob\",\"items\":[{\"sku\":\"A\",\"qty\":1}],\"amount\":1}");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.isProblem()).isTrue();
		assertThat(response.json().path("detail").asString()).contains("customerId");
		assertThat(orderService.received()).isEmpty();
	}

	@Test
	void truncatedJsonSaysWhere() {
		Response response = this.api.postOrder("{\"customerId\":\"alice\",\"items\":[");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.isProblem()).isTrue();
		assertThat(response.json().path("detail").asString()).contains("not well-formed JSON", "line 1");
	}

	@Test
	void emptyBodyIsAProblem() {
		Response response = this.api.postOrder("");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().path("detail").asString()).isEqualTo("body is missing");
	}

	@Test
	void wrongContentTypeIsUnsupportedMediaTypeProblem() {
		Response response = this.api.post("/saga/orders",
				"{\"customerId\":\"alice\",\"items\":[{\"sku\":\"A\",\"qty\":1}],\"amount\":100}", "text/plain");

		assertThat(response.status()).isEqualTo(415);
		assertThat(response.isProblem()).isTrue();
		assertThat(response.json().path("status").asInt()).isEqualTo(415);
		assertThat(orderService.received()).isEmpty();
	}

	@Test
	void missingContentTypeIsUnsupportedMediaTypeProblem() {
		Response response = this.api.post("/saga/orders",
				"{\"customerId\":\"alice\",\"items\":[{\"sku\":\"A\",\"qty\":1}],\"amount\":100}", null);

		assertThat(response.status()).isEqualTo(415);
		assertThat(response.isProblem()).isTrue();
		assertThat(orderService.received()).isEmpty();
	}

	@Test
	void unknownPathIsNotFoundProblem() {
		Response response = this.api.get("/saga/nothing-here");

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.isProblem()).isTrue();
		assertThat(response.json().path("status").asInt()).isEqualTo(404);
	}

	@Test
	void unsupportedMethodIsMethodNotAllowedProblem() {
		Response response = this.api.post("/saga/orders/" + java.util.UUID.randomUUID(), "{}", "application/json");

		assertThat(response.status()).isEqualTo(405);
		assertThat(response.isProblem()).isTrue();
		assertThat(response.json().path("status").asInt()).isEqualTo(405);
		assertThat(orderService.received()).isEmpty();
	}

	static List<String> fields(JsonNode problem) {
		return problem.path("errors").valueStream().map((error) -> error.path("field").asString()).toList();
	}

}
