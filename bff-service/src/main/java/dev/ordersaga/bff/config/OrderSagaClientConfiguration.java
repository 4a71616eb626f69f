package dev.ordersaga.bff.config;

import java.net.http.HttpClient;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/**
 * The {@link RestClient} for the order-saga-service: Boot's auto-configured builder (message converters,
 * observations) plus the base URL and the connect/read timeouts from {@link BffProperties}.
 */
@Configuration(proxyBeanMethods = false)
public class OrderSagaClientConfiguration {

	@Bean
	RestClient orderSagaRestClient(RestClient.Builder builder, BffProperties properties) {
		HttpClientSettings settings = HttpClientSettings.defaults()
			.withTimeouts(properties.orderSagaConnectTimeout(), properties.orderSagaReadTimeout());
		return builder.baseUrl(properties.orderSagaUrl().toString())
			.requestFactory(ClientHttpRequestFactoryBuilder.jdk()
				// plain HTTP/1.1 inside the system: no h2c upgrade attempts
				.withHttpClientCustomizer((client) -> client.version(HttpClient.Version.HTTP_1_1))
				.build(settings))
			.build();
	}

}
