package dev.ordersaga.bff.web;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.ordersaga.bff.support.AgainstFakeOrderService;
import dev.ordersaga.bff.support.FakeOrderSagaService;
import dev.ordersaga.bff.support.FakeOrderSagaService.RecordedRequest;
import dev.ordersaga.bff.support.PublicApi;
import dev.ordersaga.bff.support.PublicApi.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The BFF against a real HTTP peer playing the order-saga-service's documented internal API.
 */
@ExtendWith(OutputCaptureExtension.class)
class OrderForwardingTest extends AgainstFakeOrderService {

	@Test
	void validOrderIsForwardedInCentsAndAcceptedWithItsLocation(CapturedOutput output) {
		Response response = this.api.post("/saga/orders",
				"{\"customerId\":\"alice\",\"items\":[{\"sku\":\"A\",\"qty\":2},{\"sku\":\"B\",\"qty\":1}],\"amount\":19.99}",
				"application/json", "Idempotency-Key", "key-123");

		assertThat(response.status()).as(response.body()).isEqualTo(202);
		assertThat(response.contentType()).startsWith("application/json");
		String orderId = response.json().path("orderId").asString();
		assertThat(UUID.fromString(orderId)).isNotNull();
		assertThat(response.json().path("status").asString()).isEqualTo("PENDING");
		assertThat(response.location()).endsWith("/saga/orders/" + orderId);

		assertThat(orderService.received()).hasSize(1);
		RecordedRequest forwarded = orderService.received().get(0);
		assertThat(forwarded.method()).isEqualTo("POST");
		assertThat(forwarded.path()).isEqualTo("/orders");
		assertThat(forwarded.header("Content-Type")).startsWith("application/json");
		assertThat(forwarded.header("Idempotency-Key")).isEqualTo("key-123");
		JsonNode body = forwarded.json();
		assertThat(body.path("customerId").asString()).isEqualTo("alice");
		assertThat(body.path("amountCents").isIntegralNumber()).isTrue();
		assertThat(body.path("amountCents").asLong()).isEqualTo(1999);
		assertThat(body.path("items").size()).isEqualTo(2);
		assertThat(body.path("items").get(0).path("sku").asString()).isEqualTo("A");
		assertThat(body.path("items").get(0).path("qty").asInt()).isEqualTo(2);
		assertThat(body.path("items").get(1).path("sku").asString()).isEqualTo("B");
		assertThat(body.has("amount")).isFalse();

		assertThat(output).contains("Order " + orderId + " accepted: alice, 2 line(s), amount 19.99");
	}

	@ParameterizedTest(name = "{0} -> {1} cents")
	@CsvSource({ "100, 10000", "19.99, 1999", "0.1, 10", "0.07, 7", "0, 0", "1e2, 10000",
			"1000000000, 100000000000", "999999999.99, 99999999999" })
	void amountIsConvertedToExactCents(String amount, long cents) {
		Response response = this.api
			.postOrder("{\"customerId\":\"alice\",\"items\":[{\"sku\":\"A\",\"qty\":1}],\"amount\":" + amount + "}");

		assertThat(response.status()).as(response.body()).isEqualTo(202);
		assertThat(orderService.received()).singleElement()
			.satisfies((request) -> assertThat(request.json().path("amountCents").asLong()).isEqualTo(cents));
	}

	@Test
	void noIdempotencyKeyIsInventedWhenTheClientSentNone() {
		Response response = this.api
			.postOrder("{\"customerId\":\"alice\",\"items\":[{\"sku\":\"A\",\"qty\":1}],\"amount\":100}");

		assertThat(response.status()).isEqualTo(202);
		assertThat(orderService.received().get(0).header("Idempotency-Key")).isNull();
	}

	@Test
	void acceptedOrderCanBeReadAtItsLocation() {
		Response created = this.api
			.postOrder("{\"customerId\":\"bob\",\"items\":[{\"sku\":\"A\",\"qty\":3}],\"amount\":100}");
		String path = created.location().substring(created.location().indexOf("/saga/orders/"));

		Response order = this.api.get(path);

		assertThat(order.status()).as(order.body()).isEqualTo(200);
		JsonNode json = order.json();
		assertThat(json.path("orderId").asString()).isEqualTo(created.json().path("orderId").asString());
		assertThat(json.path("status").asString()).isEqualTo("PENDING");
		assertThat(json.path("customerId").asString()).isEqualTo("bob");
		assertThat(json.path("amount").decimalValue()).isEqualByComparingTo("100.00");
		assertThat(order.body()).contains("\"amount\":100.00");
		assertThat(json.path("items").get(0).path("sku").asString()).isEqualTo("A");
		assertThat(json.path("items").get(0).path("qty").asInt()).isEqualTo(3);
		assertThat(json.path("log").size()).isEqualTo(1);
	}

	@Test
	void orderIsReshapedForThePublicApiKeepingTheLogOrder(CapturedOutput output) {
		String orderId = UUID.randomUUID().toString();
		ObjectNode order = FakeOrderSagaService.object()
			.put("orderId", orderId)
			.put("status", "CONFIRMED")
			.put("sagaState", "DONE")
			.put("customerId", "carol")
			.put("amountCents", 1999)
			.put("createdAt", "2026-01-02T10:00:00Z")
			.put("updatedAt", "2026-01-02T10:00:03.250Z")
			.put("addedInALaterVersion", true);
		order.putArray("items").addObject().put("sku", "A").put("qty", 2);
		var log = order.putArray("log");
		log.addObject().put("step", "RESERVE_STOCK").put("stepId", "s1").put("type", "COMMAND").put("status", "SENT")
			.put("ts", "2026-01-02T10:00:00Z").putNull("error").putObject("payload").put("x", 1);
		log.addObject().put("step", "RESERVE_STOCK").put("stepId", "s1").put("type", "EVENT").put("status", "OK")
			.put("ts", "2026-01-02T10:00:01Z").putNull("error").put("payload", "{\"items\":[]}");
		log.addObject().put("step", "CHARGE_PAYMENT").put("stepId", "s2").put("type", "COMMAND").put("status", "SENT")
			.put("ts", "2026-01-02T10:00:01Z").putNull("error");
		log.addObject().put("step", "CHARGE_PAYMENT").put("stepId", "s2").put("type", "EVENT").put("status", "FAILED")
			.put("ts", "2026-01-02T10:00:02.5Z").put("error", "card declined").put("retries", 0);
		orderService.putOrder(orderId, order);

		Response response = this.api.get("/saga/orders/" + orderId);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.contentType()).startsWith("application/json");
		JsonNode json = response.json();
		assertThat(json.propertyNames()).containsExactly("orderId", "status", "customerId", "amount", "items",
				"createdAt", "updatedAt", "log");
		assertThat(json.path("status").asString()).isEqualTo("CONFIRMED");
		assertThat(json.path("amount").isNumber()).isTrue();
		assertThat(response.body()).contains("\"amount\":19.99");
		assertThat(json.path("createdAt").asString()).isEqualTo("2026-01-02T10:00:00Z");
		assertThat(json.path("updatedAt").asString()).isEqualTo("2026-01-02T10:00:03.250Z");
		JsonNode entries = json.path("log");
		assertThat(entries.valueStream().map((e) -> e.path("step").asString() + "/" + e.path("type").asString()))
			.containsExactly("RESERVE_STOCK/COMMAND", "RESERVE_STOCK/EVENT", "CHARGE_PAYMENT/COMMAND",
					"CHARGE_PAYMENT/EVENT");
		assertThat(entries.get(0).propertyNames()).containsExactly("step", "stepId", "type", "status", "ts", "error");
		assertThat(entries.get(0).path("ts").isString()).isTrue();
		assertThat(entries.get(0).path("ts").asString()).isEqualTo("2026-01-02T10:00:00Z");
		assertThat(entries.get(0).get("error").isNull()).isTrue();
		assertThat(entries.get(3).path("error").asString()).isEqualTo("card declined");
		assertThat(entries.get(3).path("stepId").asString()).isEqualTo("s2");

		assertThat(output).doesNotContain("Order " + orderId);
	}

	@Test
	void orderUnknownToTheOrderServiceIsNotFoundProblem() {
		String orderId = UUID.randomUUID().toString();

		Response response = this.api.get("/saga/orders/" + orderId);

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.isProblem()).isTrue();
		assertThat(response.json().path("title").asString()).isEqualTo("Order not found");
		assertThat(response.json().path("detail").asString()).contains(orderId);
		assertThat(orderService.received()).singleElement()
			.satisfies((request) -> assertThat(request.path()).isEqualTo("/orders/" + orderId));
	}

	@Test
	void idThatIsNotAUuidIsNotFoundWithoutAskingTheOrderService() {
		Response response = this.api.get("/saga/orders/not-a-uuid");

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.isProblem()).isTrue();
		assertThat(response.json().path("title").asString()).isEqualTo("Order not found");
		assertThat(response.json().path("detail").asString()).contains("not-a-uuid");
		assertThat(orderService.received()).isEmpty();
	}

	@Test
	void orderRejectedByTheOrderServiceIsBadRequestWithItsDetail() {
		Response response = this.api.postOrder("{\"customerId\":\"" + FakeOrderSagaService.REJECTED_CUSTOMER
				+ "\",\"items\":[{\"sku\":\"A\",\"qty\":1}],\"amount\":1}");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.isProblem()).isTrue();
		assertThat(response.json().path("title").asString()).isEqualTo("Invalid order");
		assertThat(response.json().path("detail").asString()).isEqualTo("customerId is not allowed to order");
		assertThat(PlaceOrderValidationTest.fields(response.json())).containsExactly("customerId");
	}

	@Test
	void orderServiceFailingWith5xxIsServiceUnavailableProblem(CapturedOutput output) {
		orderService.failWith(500);

		Response post = this.api
			.postOrder("{\"customerId\":\"alice\",\"items\":[{\"sku\":\"A\",\"qty\":1}],\"amount\":1}");
		Response get = this.api.get("/saga/orders/" + UUID.randomUUID());

		for (Response response : new Response[] { post, get }) {
			assertThat(response.status()).isEqualTo(503);
			assertThat(response.isProblem()).isTrue();
			assertThat(response.json().path("detail").asString()).isEqualTo("order service unavailable, try again");
			assertThat(response.body()).doesNotContain("Exception", "the fake was told to fail");
		}
		assertThat(output).contains("WARN").contains("Order service unavailable (POST /orders at " + orderService.baseUrl() + "): status 500");
		assertThat(output).doesNotContain("accepted: alice");
	}

	@Test
	void orderServiceDyingMidAnswerIsServiceUnavailableSoTheClientRetries(CapturedOutput output) {
		orderService.cutOffMidBody();

		Response post = this.api
			.postOrder("{\"customerId\":\"alice\",\"items\":[{\"sku\":\"A\",\"qty\":1}],\"amount\":1}");

		assertThat(orderService.received()).hasSize(1);
		assertThat(post.status()).isEqualTo(503);
		assertThat(post.isProblem()).isTrue();
		assertThat(post.json().path("detail").asString()).isEqualTo("order service unavailable, try again");
		assertThat(output).contains("Order service unavailable (POST /orders at " + orderService.baseUrl() + ")");
	}

	@Test
	void orderServiceAnsweringOutsideItsContractIsBadGatewayProblem() {
		orderService.failWith(409);

		Response response = this.api
			.postOrder("{\"customerId\":\"alice\",\"items\":[{\"sku\":\"A\",\"qty\":1}],\"amount\":1}");

		assertThat(response.status()).isEqualTo(502);
		assertThat(response.isProblem()).isTrue();
		assertThat(response.body()).doesNotContain("Exception");
	}

	@Test
	void orderServiceAnsweringMalformedJsonIsBadGatewayProblem() {
		orderService.answerGarbage();

		Response response = this.api
			.postOrder("{\"customerId\":\"alice\",\"items\":[{\"sku\":\"A\",\"qty\":1}],\"amount\":1}");

		assertThat(response.status()).isEqualTo(502);
		assertThat(response.isProblem()).isTrue();
		assertThat(response.body()).doesNotContain("Exception", "not json");
	}

	@Test
	void anIdempotencyKeyReusedForAnotherOrderIsAnUnprocessableProblemWithTheServicesDetail() {
		orderService.failWith(422);

		Response response = this.api
			.postOrder("{\"customerId\":\"alice\",\"items\":[{\"sku\":\"A\",\"qty\":1}],\"amount\":1}");

		assertThat(response.status()).isEqualTo(422);
		assertThat(response.isProblem()).isTrue();
		assertThat(response.json().path("title").asString()).isEqualTo("Idempotency-Key reused");
		assertThat(response.json().path("detail").asString()).isEqualTo("the fake was told to fail");
	}

}
