package dev.ordersaga.bff.config;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import dev.ordersaga.bff.web.RequestBodyLimit;

/** Caps request bodies at {@code bff.max-request-body} before anything reads them. */
@Configuration(proxyBeanMethods = false)
public class RequestBodyLimitConfiguration {

	@Bean
	FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(BffProperties properties) {
		FilterRegistrationBean<RequestBodyLimit> registration = new FilterRegistrationBean<>(
				new RequestBodyLimit(properties.maxRequestBody()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

}
