package dev.ordersaga.bff.web;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.ordersaga.bff.support.AgainstFakeOrderService;
import dev.ordersaga.bff.support.PublicApi.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An order service that accepts the connection but never answers: the read timeout turns it into a 503.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "bff.order-saga-read-timeout=500ms")
class OrderServiceTimeoutTest extends AgainstFakeOrderService {

	@BeforeEach
	void setUp() {
		orderService.hang();
	}

	@AfterEach
	void release() {
		orderService.release();
	}

	@Test
	void silentOrderServiceIsServiceUnavailableAfterTheReadTimeout() {
		Instant start = Instant.now();

		Response post = this.api
			.postOrder("{\"customerId\":\"alice\",\"items\":[{\"sku\":\"A\",\"qty\":1}],\"amount\":100}");
		Response get = this.api.get("/saga/orders/" + UUID.randomUUID());

		assertThat(post.status()).isEqualTo(503);
		assertThat(post.isProblem()).isTrue();
		assertThat(get.status()).isEqualTo(503);
		assertThat(get.isProblem()).isTrue();
		assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
		assertThat(orderService.received()).hasSize(2);
	}

}
