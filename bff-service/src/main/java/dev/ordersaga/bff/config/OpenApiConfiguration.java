package dev.ordersaga.bff.config;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ordersaga.bff.web.IdempotencyKey;

/**
 * The public API's OpenAPI document ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}), served by
 * springdoc. springdoc derives paths, parameters and the request and response bodies from the controller; this class
 * adds what it cannot see there: that an order is accepted with {@code 202} and a {@code Location}, and the
 * {@code application/problem+json} answers the {@code ApiProblemHandler} gives (400 with {@code errors}, 404, 422, 502,
 * 503).
 * Turn both off with {@code SPRINGDOC_API_DOCS_ENABLED=false} and {@code SPRINGDOC_SWAGGER_UI_ENABLED=false}.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

	static final String ORDERS = "/saga/orders";

	static final String ORDER = "/saga/orders/{orderId}";

	static final String PROBLEM_JSON = "application/problem+json";

	static final String PROBLEM = "Problem";

	static final String TAG = "orders";

	@Bean
	OpenAPI orderSagaOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Order saga API")
				.version("v1")
				.description("Place an order and follow its saga (reserve stock, charge payment, commit stock; "
						+ "compensation when a step fails). Every error is application/problem+json (RFC 9457)."))
			.components(new Components())
			.addTagsItem(new Tag().name(TAG).description("Orders and their sagas"));
	}

	@Bean
	OpenApiCustomizer orderSagaResponses() {
		return (openApi) -> {
			// added here, not with the OpenAPI bean: springdoc drops schemas nothing refers to before customizers run
			openApi.getComponents().addSchemas(PROBLEM, problemSchema());
			describeOrderRequest(openApi);

			Operation place = operation(openApi, ORDERS, PathItem.HttpMethod.POST);
			place.summary("Place an order")
				.description("Validates the order and starts its saga. The answer comes before the saga runs: "
						+ "follow the Location until the status is no longer PENDING.");
			// springdoc documents the ResponseEntity as 200: the controller answers 202
			ApiResponse accepted = place.getResponses().containsKey("200") ? place.getResponses().remove("200")
					: place.getResponses().getOrDefault("202", new ApiResponse());
			place.getResponses()
				.addApiResponse("202", accepted.description("Accepted: the saga has started (status PENDING)")
					.addHeaderObject("Location",
							new Header().description("URL of the new order").schema(new StringSchema().format("uri"))))
				.addApiResponse("400", problem("Invalid order: every invalid field (and an invalid Idempotency-Key "
						+ "header) is named in errors; nothing is created"))
				.addApiResponse("422", problem("The Idempotency-Key was already used for another order"))
				.addApiResponse("502", problem("The order service answered unexpectedly"))
				.addApiResponse("503", problem("The order service is unavailable; try again"));
			if (place.getParameters() != null) {
				place.getParameters()
					.stream()
					.filter((parameter) -> "Idempotency-Key".equals(parameter.getName()))
					.forEach((parameter) -> parameter.required(false)
						.schema(new StringSchema().minLength(1)
							.maxLength(IdempotencyKey.MAX_LENGTH)
							.pattern(IdempotencyKey.PATTERN)
							.example("3f2b9c1e-7d4a-4e8b-9a61-0c5d2e7f8a90"))
						.description("Optional. Placing the same order again with the same key answers the first "
								+ "order instead of creating another one; the key with another order is a 422. "
								+ "Syntax: " + IdempotencyKey.SYNTAX + " (e.g. a UUID); anything else, an empty "
								+ "key or the header twice, is a 400 naming Idempotency-Key in errors."));
			}

			Operation get = operation(openApi, ORDER, PathItem.HttpMethod.GET);
			get.summary("Get an order with its saga log")
				.description("status is PENDING, COMPLETED, REJECTED, COMPENSATED or COMPENSATION_FAILED (a release "
						+ "parked for an operator); log lists the saga_log rows, oldest first.");
			get.getResponses()
				.addApiResponse("404", problem("No order with this id"))
				.addApiResponse("502", problem("The order service answered unexpectedly"))
				.addApiResponse("503", problem("The order service is unavailable; try again"));
			for (Operation operation : List.of(place, get)) {
				operation.setTags(List.of(TAG));
				sorted(operation);
			}
		};
	}

	/**
	 * springdoc reads {@code @Size} (min 0) over {@code @NotBlank}/{@code @NotEmpty} and ignores {@code @Positive}
	 * and {@code @Digits}: state the rules OrderRequest enforces.
	 */
	@SuppressWarnings("rawtypes")
	private static void describeOrderRequest(OpenAPI openApi) {
		Map<String, Schema> schemas = openApi.getComponents().getSchemas();
		Schema order = schemas.get("OrderRequest");
		Schema line = schemas.get("OrderLineRequest");
		if (order == null || line == null) {
			throw new IllegalStateException("The OpenAPI document has no OrderRequest/OrderLineRequest schema: update "
					+ OpenApiConfiguration.class.getSimpleName() + " with the controller");
		}
		Map<String, Schema> fields = order.getProperties();
		fields.get("customerId").minLength(1).description("Who pays, e.g. alice");
		fields.get("items").minItems(1).description("1 to 100 order lines");
		fields.get("amount").description("Total to charge, at most 2 decimal places, e.g. 19.99");
		Map<String, Schema> lineFields = line.getProperties();
		lineFields.get("sku").minLength(1).description("Product, e.g. A");
		lineFields.get("qty").minimum(BigDecimal.ONE).description("Units, at least 1");
	}

	private static Operation operation(OpenAPI openApi, String path, PathItem.HttpMethod method) {
		PathItem item = openApi.getPaths().get(path);
		Operation operation = (item != null) ? item.readOperationsMap().get(method) : null;
		if (operation == null) {
			throw new IllegalStateException("The OpenAPI document has no " + method + " " + path
					+ ": update " + OpenApiConfiguration.class.getSimpleName() + " with the controller");
		}
		if (operation.getResponses() == null) {
			operation.setResponses(new ApiResponses());
		}
		return operation;
	}

	private static void sorted(Operation operation) {
		ApiResponses sorted = new ApiResponses();
		operation.getResponses().entrySet().stream().sorted(Map.Entry.comparingByKey())
			.forEach((e) -> sorted.addApiResponse(e.getKey(), e.getValue()));
		operation.setResponses(sorted);
	}

	private static ApiResponse problem(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType(PROBLEM_JSON,
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
	}

	@SuppressWarnings("rawtypes")
	private static Schema problemSchema() {
		Schema<?> invalidField = new ObjectSchema()
			.addProperty("field", new StringSchema().description("JSON path of the field, e.g. items[0].qty; body "
					+ "when the body as a whole is wrong").example("items[0].qty"))
			.addProperty("message", new StringSchema().example("must be greater than 0"));
		return new ObjectSchema().description("RFC 9457 problem details")
			.addProperty("type", new StringSchema().format("uri").example("urn:ordersaga:problem:invalid-order"))
			.addProperty("title", new StringSchema().example("Invalid order"))
			.addProperty("status", new IntegerSchema().example(400))
			.addProperty("detail", new StringSchema().example("items[0].qty must be greater than 0"))
			.addProperty("instance", new StringSchema().format("uri-reference").example("/saga/orders"))
			.addProperty("errors", new ArraySchema().items(invalidField)
				.description("Only for 400: every invalid field"))
			.required(List.of("title", "status"));
	}

}
