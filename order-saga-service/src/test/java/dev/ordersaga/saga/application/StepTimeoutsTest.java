package dev.ordersaga.saga.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import dev.ordersaga.messaging.testing.EmbeddedDatabase;
import dev.ordersaga.saga.domain.SagaEvent;

/**
 * Step timeouts against a real PostgreSQL with no participant running (no broker: the relay and the
 * listeners are off, so commands stay in the outbox where the test reads them; replies are handed to the
 * saga by the test). Steps time out after 1s; a release is parked after 2 attempts. Its own database, so other tests' orders are not timed out.
 */
@SpringBootTest(properties = { "spring.pulsar.listener.auto-startup=false", "messaging.relay.enabled=false",
        "saga.step-timeout=1s", "saga.timeout-check-interval=200ms", "saga.max-compensation-attempts=2" })
@AutoConfigureMockMvc
class StepTimeoutsTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> EmbeddedDatabase.jdbcUrl("order_saga_timeouts"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }

    @Autowired
    MockMvc http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    OrderSagaService sagas;

    @Test
    void anUnansweredReserveEndsTheOrderCompensatedAndIsCancelledWithARelease() throws Exception {
        String orderId = place();
        assertThat(jdbc.queryForObject("SELECT step_deadline IS NOT NULL FROM orders WHERE order_id = ?::uuid",
                Boolean.class, orderId)).isTrue();

        // No reply to ReserveStock: the scheduler times it out; the release cancels the reserve, should it come late.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> sagaState(orderId).equals("COMPENSATED"));
        assertThat(orderStatus(orderId)).isEqualTo("COMPENSATED");
        assertThat(outbox(orderId)).containsExactly("ReserveStock", "ReleaseStock");
        assertThat(log(orderId)).containsExactly("RESERVE_STOCK COMMAND PENDING", "RESERVE_STOCK EVENT FAILED",
                "RELEASE_STOCK COMMAND SENT");
        assertThat(jdbc.queryForObject("SELECT error FROM saga_log WHERE saga_id = ?::uuid AND type = 'EVENT' "
                + "ORDER BY id LIMIT 1", String.class, orderId)).isEqualTo("no reply within 1s");
        assertThat(jdbc.queryForObject("SELECT step_deadline IS NULL FROM orders WHERE order_id = ?::uuid",
                Boolean.class, orderId)).isTrue();

        // The reserve's late reply changes nothing.
        sagas.handle(UUID.fromString(orderId), new SagaEvent.StockReserved(UUID.fromString(firstStepId(orderId)), "A×2"),
                "late StockReserved");
        assertThat(sagaState(orderId)).isEqualTo("COMPENSATED");
        assertThat(outbox(orderId)).containsExactly("ReserveStock", "ReleaseStock");
        assertThat(log(orderId)).hasSize(3);
    }

    @Test
    void anUnansweredChargeIsRefundedItsStockReleasedAndAnUnansweredReleaseParkedThenRetriedByAnOperator()
            throws Exception {
        String orderId = place();
        sagas.handle(UUID.fromString(orderId), new SagaEvent.StockReserved(UUID.fromString(currentStepId(orderId)),
                "A×2"), "StockReserved");
        assertThat(sagaState(orderId)).isEqualTo("CHARGING_PAYMENT");

        // No reply to ChargePayment: a RefundPayment cancels it, and the reserved stock is released.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            assertThat(sagaState(orderId)).isEqualTo("RELEASING_STOCK");
            assertThat(outbox(orderId)).containsExactly("ReserveStock", "ChargePayment", "RefundPayment",
                    "ReleaseStock");
        });
        assertThat(log(orderId)).startsWith("RESERVE_STOCK COMMAND PENDING", "RESERVE_STOCK EVENT CONFIRMED",
                "CHARGE_PAYMENT COMMAND PENDING", "CHARGE_PAYMENT EVENT FAILED", "REFUND_PAYMENT COMMAND SENT",
                "RELEASE_STOCK COMMAND PENDING");

        // No reply to the release either: sent again once, then parked.
        await().atMost(Duration.ofSeconds(15)).until(() -> sagaState(orderId).equals("COMPENSATION_FAILED"));
        assertThat(orderStatus(orderId)).isEqualTo("COMPENSATION_FAILED");
        assertThat(jdbc.queryForObject("SELECT step_deadline IS NULL FROM orders WHERE order_id = ?::uuid",
                Boolean.class, orderId)).isTrue();
        assertThat(outbox(orderId)).containsExactly("ReserveStock", "ChargePayment", "RefundPayment", "ReleaseStock",
                "ReleaseStock");
        assertThat(log(orderId)).endsWith("RELEASE_STOCK COMMAND PENDING", "RELEASE_STOCK EVENT FAILED",
                "RELEASE_STOCK COMMAND PENDING", "RELEASE_STOCK EVENT FAILED");
        assertThat(jdbc.queryForObject("SELECT error FROM saga_log WHERE saga_id = ?::uuid ORDER BY id DESC LIMIT 1",
                String.class, orderId)).isEqualTo("release stock got no reply after 2 attempts");

        // An operator retries it: back to RELEASING_STOCK, a third ReleaseStock under a new step id.
        String parkedStepId = currentStepId(orderId);
        http.perform(post("/orders/{id}/retry-compensation", orderId)).andExpect(status().isAccepted())
                .andExpect(r -> assertThat(r.getResponse().getContentAsString()).contains("\"sagaState\":\"RELEASING_STOCK\""));
        assertThat(outbox(orderId)).containsExactly("ReserveStock", "ChargePayment", "RefundPayment", "ReleaseStock",
                "ReleaseStock", "ReleaseStock");

        // The inventory answers the current release (if the scheduler sent it again meanwhile, answer that one).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String stepId = currentStepId(orderId);
            assertThat(stepId).isNotEqualTo(parkedStepId);
            sagas.handle(UUID.fromString(orderId), new SagaEvent.StockReleased(UUID.fromString(stepId), "A×2"),
                    "StockReleased for " + stepId);
            assertThat(sagaState(orderId)).isEqualTo("COMPENSATED");
        });
        assertThat(orderStatus(orderId)).isEqualTo("COMPENSATED");
        assertThat(jdbc.queryForObject("SELECT step_deadline IS NULL FROM orders WHERE order_id = ?::uuid",
                Boolean.class, orderId)).isTrue();
        assertThat(log(orderId)).last().isEqualTo("RELEASE_STOCK EVENT COMPENSATED");

        // Nothing to retry any more; and no such order.
        http.perform(post("/orders/{id}/retry-compensation", orderId)).andExpect(status().isConflict())
                .andExpect(r -> assertThat(r.getResponse().getContentType()).isEqualTo("application/problem+json"));
        http.perform(post("/orders/{id}/retry-compensation", UUID.randomUUID())).andExpect(status().isNotFound())
                .andExpect(r -> assertThat(r.getResponse().getContentType()).isEqualTo("application/problem+json"));
    }

    private String place() throws Exception {
        return orderIdOf(http.perform(post("/orders").contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"customerId":"cust-%s","items":[{"sku":"A","qty":2}],"amountCents":1500}"""
                        .formatted(UUID.randomUUID()))).andExpect(status().isCreated()).andReturn());
    }

    private String orderStatus(String orderId) {
        return jdbc.queryForObject("SELECT status FROM orders WHERE order_id = ?::uuid", String.class, orderId);
    }

    private String firstStepId(String orderId) {
        return jdbc.queryForObject("SELECT step_id::text FROM saga_log WHERE saga_id = ?::uuid ORDER BY id LIMIT 1",
                String.class, orderId);
    }

    private String sagaState(String orderId) {
        return jdbc.queryForObject("SELECT saga_state FROM orders WHERE order_id = ?::uuid", String.class, orderId);
    }

    private String currentStepId(String orderId) {
        return jdbc.queryForObject("SELECT current_step_id::text FROM orders WHERE order_id = ?::uuid", String.class,
                orderId);
    }

    private List<String> outbox(String orderId) {
        return jdbc.queryForList("SELECT event_type FROM outbox WHERE aggregate_id = ? ORDER BY id", String.class,
                orderId);
    }

    private List<String> log(String orderId) {
        return jdbc.queryForList("SELECT step || ' ' || type || ' ' || status FROM saga_log WHERE saga_id = ?::uuid "
                + "ORDER BY id", String.class, orderId);
    }

    private static String orderIdOf(MvcResult result) throws Exception {
        return result.getResponse().getContentAsString().replaceAll(".*\"orderId\":\"([^\"]+)\".*", "$1");
    }
}
