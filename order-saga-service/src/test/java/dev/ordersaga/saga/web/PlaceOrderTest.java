package dev.ordersaga.saga.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

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

/**
 * Placing an order against a real PostgreSQL (no broker: the relay is off, so the first command stays
 * in the outbox where the test reads it).
 */
@SpringBootTest(properties = { "spring.pulsar.listener.auto-startup=false", "messaging.relay.enabled=false",
        "spring.datasource.hikari.maximum-pool-size=25" })
@AutoConfigureMockMvc
class PlaceOrderTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> EmbeddedDatabase.jdbcUrl("order_saga"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }

    @Autowired
    MockMvc http;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void placingAnOrderStoresItsFirstLogRowAndReserveStockCommandInOneGo() throws Exception {
        String customer = "cust-" + UUID.randomUUID();
        MvcResult result = http.perform(post("/orders").contentType(MediaType.APPLICATION_JSON)
                .content(order(customer, 1500))).andExpect(status().isCreated()).andReturn();
        String orderId = orderIdOf(result);

        assertThat(jdbc.queryForObject("SELECT status FROM orders WHERE order_id = ?::uuid", String.class, orderId))
                .isEqualTo("PENDING");
        assertThat(jdbc.queryForList("SELECT step || ' ' || type || ' ' || status FROM saga_log "
                + "WHERE saga_id = ?::uuid ORDER BY id", String.class, orderId))
                .containsExactly("RESERVE_STOCK COMMAND PENDING");
        assertThat(jdbc.queryForList("SELECT event_type || ' ' || topic || ' ' || status FROM outbox "
                + "WHERE aggregate_id = ?", String.class, orderId))
                .containsExactly("ReserveStock inventory.commands PENDING");
    }

    @Test
    void theSameIdempotencyKeyAndBodyReturnTheSameOrder() throws Exception {
        String customer = "cust-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();

        String first = orderIdOf(place(key, order(customer, 1500)).andExpect(status().isCreated()).andReturn());
        String again = orderIdOf(place(key, order(customer, 1500)).andExpect(status().isCreated()).andReturn());

        assertThat(again).isEqualTo(first);
        assertThat(ordersOf(customer)).isEqualTo(1);
    }

    @Test
    void theSameIdempotencyKeyWithAnotherBodyIsRefused() throws Exception {
        String customer = "cust-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        place(key, order(customer, 1500)).andExpect(status().isCreated());

        place(key, order(customer, 9900)).andExpect(status().isUnprocessableContent())
                .andExpect(r -> assertThat(r.getResponse().getContentType()).isEqualTo("application/problem+json"))
                .andExpect(r -> assertThat(r.getResponse().getContentAsString()).contains("Idempotency-Key"));
        assertThat(ordersOf(customer)).isEqualTo(1);
    }

    /**
     * Both read "x|500|700|A×1" in the first fingerprint format (fields joined with "|", unescaped), so the second
     * answered the first order.
     */
    @Test
    void twoOrdersThatOnlyLookAlikeJoinedWithABarAreDifferentRequests() throws Exception {
        String customer = "cust-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        String first = """
                {"customerId":"%s|500","items":[{"sku":"A","qty":1}],"amountCents":700}""".formatted(customer);
        String second = """
                {"customerId":"%s","items":[{"sku":"700|A","qty":1}],"amountCents":500}""".formatted(customer);

        String orderId = orderIdOf(place(key, first).andExpect(status().isCreated()).andReturn());
        place(key, second).andExpect(status().isUnprocessableContent())
                .andExpect(r -> assertThat(r.getResponse().getContentType()).isEqualTo("application/problem+json"));
        String again = orderIdOf(place(key, first).andExpect(status().isCreated()).andReturn());

        assertThat(again).isEqualTo(orderId);
        assertThat(ordersOf(customer) + ordersOf(customer + "|500")).isEqualTo(1);
    }

    /** An order stored before the fingerprint's format changed is still found again by its key and body. */
    @Test
    void aKeyStoredWithTheFirstFingerprintFormatStillAnswersItsOrder() throws Exception {
        String customer = "cust-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        String orderId = orderIdOf(place(key, order(customer, 1500)).andExpect(status().isCreated()).andReturn());
        String firstFormat = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest((customer + "|1500|A×2").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(jdbc.update("UPDATE orders SET request_fingerprint = ? WHERE order_id = ?::uuid", firstFormat,
                orderId)).isEqualTo(1);

        String again = orderIdOf(place(key, order(customer, 1500)).andExpect(status().isCreated()).andReturn());
        place(key, order(customer, 9900)).andExpect(status().isUnprocessableContent());

        assertThat(again).isEqualTo(orderId);
        assertThat(ordersOf(customer)).isEqualTo(1);
    }

    @Test
    void twentyConcurrentRequestsWithOneIdempotencyKeyCreateOneOrder() throws Exception {
        String customer = "cust-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<String>> requests = IntStream.range(0, 20).<Callable<String>>mapToObj(i -> () ->
                    orderIdOf(place(key, order(customer, 1500)).andExpect(status().isCreated()).andReturn()))
                    .toList();
            List<String> orderIds = pool.invokeAll(requests).stream().map(PlaceOrderTest::get).toList();

            assertThat(orderIds).hasSize(20).containsOnly(orderIds.get(0));
            assertThat(ordersOf(customer)).isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox WHERE aggregate_id = ?", Integer.class,
                    orderIds.get(0))).isEqualTo(1);
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBlankIdempotencyKeyIsABadRequest() throws Exception {
        place(" ", order("cust-" + UUID.randomUUID(), 100)).andExpect(status().isBadRequest());
    }

    private org.springframework.test.web.servlet.ResultActions place(String key, String body) throws Exception {
        return http.perform(post("/orders").header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private static String order(String customer, long amountCents) {
        return """
                {"customerId":"%s","items":[{"sku":"A","qty":2}],"amountCents":%d}""".formatted(customer, amountCents);
    }

    private static String orderIdOf(MvcResult result) throws Exception {
        String body = result.getResponse().getContentAsString();
        return body.replaceAll(".*\"orderId\":\"([^\"]+)\".*", "$1");
    }

    private int ordersOf(String customer) {
        return jdbc.queryForObject("SELECT count(*) FROM orders WHERE customer_id = ?", Integer.class, customer);
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get();
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
