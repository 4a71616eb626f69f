package dev.ordersaga.bff.web;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;


import dev.ordersaga.bff.support.AgainstFakeOrderService;
import dev.ordersaga.bff.support.PublicApi.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The BFF serves its OpenAPI document and a Swagger UI page, and the document describes the API as it answers.
 */
class OpenApiDocumentTest extends AgainstFakeOrderService {

	@Test
	void documentListsBothEndpointsWithTheirAnswers() {
		JsonNode doc = apiDocs();

		assertThat(doc.path("openapi").asString()).startsWith("3.");
		JsonNode place = doc.path("paths").path("/saga/orders").path("post");
		assertThat(fieldNames(place.path("responses"))).contains("202", "400", "422", "502", "503")
			.doesNotContain("200");
		assertThat(place.path("responses").path("202").path("headers").has("Location")).isTrue();
		assertThat(place.path("responses").path("202").path("content").path("application/json").path("schema")
			.path("$ref").asString()).endsWith("/OrderAccepted");
		assertThat(place.path("requestBody").path("content").path("application/json").path("schema").path("$ref")
			.asString()).endsWith("/OrderRequest");

		JsonNode get = doc.path("paths").path("/saga/orders/{orderId}").path("get");
		assertThat(fieldNames(get.path("responses"))).contains("200", "404", "502", "503");
		assertThat(get.path("responses").path("200").path("content").path("application/json").path("schema")
			.path("$ref").asString()).endsWith("/OrderView");
		assertThat(get.path("parameters").get(0).path("name").asString()).isEqualTo("orderId");
		assertThat(place.path("tags").toString()).isEqualTo("[\"orders\"]");
		assertThat(get.path("tags").toString()).isEqualTo("[\"orders\"]");
	}

	@Test
	void theIdempotencyKeyHeaderIsDocumentedWithTheSyntaxTheBffEnforces() {
		JsonNode place = apiDocs().path("paths").path("/saga/orders").path("post");
		JsonNode header = place.path("parameters")
			.valueStream()
			.filter((parameter) -> "Idempotency-Key".equals(parameter.path("name").asString()))
			.findFirst()
			.orElseThrow();

		assertThat(header.path("in").asString()).isEqualTo("header");
		assertThat(header.path("required").asBoolean()).isFalse();
		assertThat(header.path("schema").path("minLength").asInt()).isEqualTo(1);
		assertThat(header.path("schema").path("maxLength").asInt()).isEqualTo(255);
		assertThat(header.path("description").asString()).contains("1 to 255 visible ASCII characters", "comma");
		java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(header.path("schema").path("pattern").asString());
		assertThat(pattern.matcher("3f2b9c1e-7d4a-4e8b-9a61-0c5d2e7f8a90").matches()).isTrue();
		assertThat(pattern.matcher("k".repeat(255)).matches()).isTrue();
		for (String invalid : new String[] { "", "ключ-1", "k1,k2", "two words", "k".repeat(256) }) {
			assertThat(pattern.matcher(invalid).matches()).as(invalid).isFalse();
		}
	}

	@Test
	void problemAnswersAreDocumentedAsProblemJson() {
		JsonNode doc = apiDocs();

		for (JsonNode response : List.of(doc.at("/paths/~1saga~1orders/post/responses/400"),
				doc.at("/paths/~1saga~1orders/post/responses/422"), doc.at("/paths/~1saga~1orders/post/responses/503"),
				doc.at("/paths/~1saga~1orders~1{orderId}/get/responses/404"))) {
			assertThat(response.path("content").path("application/problem+json").path("schema").path("$ref")
				.asString()).as("%s", response).isEqualTo("#/components/schemas/Problem");
		}
		JsonNode problem = doc.path("components").path("schemas").path("Problem");
		assertThat(fieldNames(problem.path("properties"))).contains("type", "title", "status", "detail", "instance",
				"errors");
	}

	@Test
	void documentedOrderRequestMatchesTheValidation() {
		JsonNode request = apiDocs().path("components").path("schemas").path("OrderRequest");

		assertThat(fieldNames(request.path("properties"))).containsExactlyInAnyOrder("customerId", "items", "amount");
		assertThat(request.path("required").toString()).contains("customerId", "items", "amount");
		assertThat(request.path("properties").path("items").path("minItems").asInt()).isEqualTo(1);
		assertThat(request.path("properties").path("items").path("maxItems").asInt()).isEqualTo(100);
		assertThat(request.path("properties").path("customerId").path("minLength").asInt()).isEqualTo(1);
		assertThat(request.path("properties").path("amount").path("minimum").asInt()).isZero();
		JsonNode line = apiDocs().path("components").path("schemas").path("OrderLineRequest");
		assertThat(line.path("properties").path("qty").path("minimum").asInt()).isEqualTo(1);
		assertThat(line.path("properties").path("sku").path("minLength").asInt()).isEqualTo(1);
	}

	@Test
	void aRealProblemAnswerHasOnlyDocumentedProperties() {
		JsonNode documented = apiDocs().path("components").path("schemas").path("Problem").path("properties");

		Response invalid = this.api.postOrder("{\"customerId\":\"alice\",\"items\":[],\"amount\":-1}");
		Response unknown = this.api.get("/saga/orders/00000000-0000-0000-0000-000000000000");

		assertThat(invalid.status()).isEqualTo(400);
		assertThat(fieldNames(documented)).containsAll(fieldNames(invalid.json()));
		assertThat(fieldNames(documented.path("errors").path("items").path("properties")))
			.containsAll(fieldNames(invalid.json().path("errors").get(0)));
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(fieldNames(documented)).containsAll(fieldNames(unknown.json()));
	}

	@Test
	void swaggerUiPageIsServed() {
		Response page = this.api.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/swagger-ui.html"))
			.timeout(Duration.ofSeconds(30))
			.GET()
			.build());
		assertThat(page.status()).as(page.body()).isIn(301, 302, 303, 307, 308);
		assertThat(page.location()).endsWith("/swagger-ui/index.html");

		Response index = this.api.get("/swagger-ui/index.html");
		assertThat(index.status()).isEqualTo(200);
		assertThat(index.contentType()).startsWith("text/html");
		assertThat(index.body()).containsIgnoringCase("swagger-ui");

		Response config = this.api.get("/v3/api-docs/swagger-config");
		assertThat(config.status()).isEqualTo(200);
		assertThat(config.json().path("url").asString()).isEqualTo("/v3/api-docs");
	}

	private JsonNode apiDocs() {
		Response response = this.api.get("/v3/api-docs");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.contentType()).startsWith("application/json");
		return response.json();
	}

	private static List<String> fieldNames(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.propertyNames().forEach(names::add);
		return names;
	}

}
