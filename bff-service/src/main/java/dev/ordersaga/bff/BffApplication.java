package dev.ordersaga.bff;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The public REST API of the order saga. It owns no data: it validates requests and forwards them to the
 * order-saga-service's internal HTTP API.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BffApplication {

	public static void main(String[] args) {
		SpringApplication.run(BffApplication.class, args);
	}

}
