package dev.ordersaga.bff.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.ordersaga.bff.support.PublicApi;
import dev.ordersaga.bff.support.PublicApi.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order service's URL points at a port where nothing listens.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class OrderServiceUnavailableTest {

	@DynamicPropertySource
	static void deadOrderServiceUrl(DynamicPropertyRegistry registry) throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		registry.add("bff.order-saga-url", () -> "http://127.0.0.1:" + port);
	}

	@LocalServerPort
	int port;

	PublicApi api;

	@BeforeEach
	void setUp() {
		this.api = new PublicApi(this.port);
	}

	@Test
	void placingAnOrderIsServiceUnavailableProblem(CapturedOutput output) {
		Response response = this.api
			.postOrder("{\"customerId\":\"alice\",\"items\":[{\"sku\":\"A\",\"qty\":1}],\"amount\":100}");

		assertThat(response.status()).isEqualTo(503);
		assertThat(response.isProblem()).isTrue();
		assertThat(response.json().path("status").asInt()).isEqualTo(503);
		assertThat(response.json().path("detail").asString()).isEqualTo("order service unavailable, try again");
		assertThat(response.body()).doesNotContain("Exception", "127.0.0.1");
		assertThat(output).contains("WARN").contains("Order service unavailable (POST /orders at http://127.0.0.1:").contains("): ConnectException");
	}

	@Test
	void readingAnOrderIsServiceUnavailableProblem() {
		Response response = this.api.get("/saga/orders/" + UUID.randomUUID());

		assertThat(response.status()).isEqualTo(503);
		assertThat(response.isProblem()).isTrue();
		assertThat(response.json().path("detail").asString()).isEqualTo("order service unavailable, try again");
		assertThat(response.body()).doesNotContain("Exception");
	}

	@Test
	void invalidOrderIsStillBadRequest() {
		Response response = this.api.postOrder("{\"customerId\":\"alice\",\"items\":[],\"amount\":100}");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.isProblem()).isTrue();
	}

}
