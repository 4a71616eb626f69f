package dev.ordersaga.bff.support;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The BFF on a random port, in front of the {@link FakeOrderSagaService} (a real HTTP peer), with the public API's
 * client. One fake serves every test class (Spring caches the contexts that point at it); it is reset before each
 * test. A subclass may declare its own {@code @SpringBootTest(properties = ...)}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
public abstract class AgainstFakeOrderService {

	protected static final FakeOrderSagaService orderService = new FakeOrderSagaService();

	@LocalServerPort
	protected int port;

	protected PublicApi api;

	@DynamicPropertySource
	static void orderServiceUrl(DynamicPropertyRegistry registry) {
		registry.add("bff.order-saga-url", orderService::baseUrl);
	}

	@BeforeEach
	void connectAndResetTheFake() {
		this.api = new PublicApi(this.port);
		orderService.reset();
	}

}
