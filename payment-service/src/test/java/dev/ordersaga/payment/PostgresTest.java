package dev.ordersaga.payment;

import org.springframework.boot.test.context.SpringBootTest;
import dev.ordersaga.messaging.testing.EmbeddedDatabase;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service against a real PostgreSQL, without a broker: the Pulsar listener does not start and
 * the outbox relay is off, so replies stay in the outbox table where tests read them.
 */
@SpringBootTest(properties = {
        "spring.pulsar.listener.auto-startup=false",
        "messaging.relay.enabled=false",
        "spring.datasource.hikari.maximum-pool-size=20" })
@AutoConfigureMockMvc
public abstract class PostgresTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> EmbeddedDatabase.jdbcUrl("payment"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }
}
