package dev.ordersaga.saga.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.ordersaga.messaging.testing.EmbeddedDatabase;

/**
 * The internal API checks the Idempotency-Key's syntax too (defence in depth behind the BFF), over real HTTP: header
 * lines are written byte for byte, as curl sends them, since Tomcat reads them as ISO-8859-1.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "spring.pulsar.listener.auto-startup=false", "messaging.relay.enabled=false" })
class IdempotencyKeyHeaderTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> EmbeddedDatabase.jdbcUrl("order_saga"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    /** Were stored as the Latin-1 reading of their UTF-8 bytes (or "?"), so two different keys could collide. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "ключ-1", "ЖЖЖЖ-1", "café", "two words", "k1,k2" })
    void aKeyOutsideVisibleAsciiOrWithACommaIsABadRequestNamingTheHeader(String key) throws IOException {
        String customer = "cust-" + UUID.randomUUID();

        String answer = post(customer, "Idempotency-Key: " + key);

        assertBadKey(answer, "has a character that is not allowed at position");
        assertThat(ordersOf(customer)).isZero();
    }

    @Test
    void anEmptyKeyIsABadRequestNamingTheHeader() throws IOException {
        String customer = "cust-" + UUID.randomUUID();

        assertBadKey(post(customer, "Idempotency-Key:"), "must not be empty");
        assertThat(ordersOf(customer)).isZero();
    }

    /** Was one key "k1,k2". */
    @Test
    void twoKeysInOneRequestAreABadRequest() throws IOException {
        String customer = "cust-" + UUID.randomUUID();

        assertBadKey(post(customer, "Idempotency-Key: k1", "Idempotency-Key: k2"), "must be given once, not 2 times");
        assertThat(ordersOf(customer)).isZero();
    }

    @Test
    void aKeyOf256CharactersIsABadRequestAnd255AreFine() throws IOException {
        String customer = "cust-" + UUID.randomUUID();
        String prefix = UUID.randomUUID() + "-";

        assertBadKey(post(customer, "Idempotency-Key: " + prefix + "k".repeat(256 - prefix.length())),
                "must be at most 255 characters");
        String key = prefix + "~!\"#$%&'()*+-./:;<=>?@[\\]^_`{|}".repeat(8).substring(0, 255 - prefix.length());
        String created = post(customer, "Idempotency-Key: " + key);

        assertThat(created).startsWith("HTTP/1.1 201");
        assertThat(jdbc.queryForObject("SELECT idempotency_key FROM orders WHERE customer_id = ?", String.class,
                customer)).isEqualTo(key);
    }

    private static void assertBadKey(String answer, String message) {
        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer).containsIgnoringCase("Content-Type: application/problem+json");
        assertThat(answer).contains("\"title\":\"Invalid Idempotency-Key\"", "\"field\":\"Idempotency-Key\"", message);
    }

    /** The whole answer, head and body; HTTP/1.0, so it is not chunked and ends with the connection. */
    private String post(String customer, String... headerLines) throws IOException {
        byte[] body = """
                {"customerId":"%s","items":[{"sku":"A","qty":1}],"amountCents":100}""".formatted(customer)
                .getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("POST /orders HTTP/1.0\r\nHost: localhost\r\n")
                .append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        for (String line : headerLines) {
            head.append(line).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private int ordersOf(String customer) {
        return jdbc.queryForObject("SELECT count(*) FROM orders WHERE customer_id = ?", Integer.class, customer);
    }
}
