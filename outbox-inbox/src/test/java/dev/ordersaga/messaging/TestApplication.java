package dev.ordersaga.messaging;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Just the auto-configuration under test: a DataSource, Flyway, the Pulsar client and this library. */
@SpringBootApplication
public class TestApplication {
}
