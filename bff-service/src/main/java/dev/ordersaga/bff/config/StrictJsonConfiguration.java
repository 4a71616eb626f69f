package dev.ordersaga.bff.config;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;

/**
 * Strict in what the public API accepts, tolerant in what the BFF reads from the order-saga-service.
 * <p>
 * The server side (Spring MVC's JSON converter) gets a copy of Boot's {@link JsonMapper} that rejects unknown
 * properties, floats for integers ({@code "qty": 1.5}) and any scalar coercion ({@code "qty": "2"},
 * {@code "amount": "100"}, {@code "customerId": 42}). Boot's own {@link JsonMapper}, which the {@code RestClient}
 * uses, keeps Jackson 3's lenient defaults, so fields the order-saga-service adds later do not break the BFF.
 */
@Configuration(proxyBeanMethods = false)
public class StrictJsonConfiguration {

	@Bean
	ServerHttpMessageConvertersCustomizer strictJsonForPublicApi(JsonMapper jsonMapper) {
		// no @Order: runs after Boot's (order 0) JSON customizer, so this converter replaces it on the server side
		JsonMapper strict = strict(jsonMapper.rebuild()).build();
		return (builder) -> builder.withJsonConverter(new JacksonJsonHttpMessageConverter(strict));
	}

	static JsonMapper.Builder strict(JsonMapper.Builder builder) {
		return builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.withCoercionConfig(LogicalType.Textual,
					(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
	}

}
