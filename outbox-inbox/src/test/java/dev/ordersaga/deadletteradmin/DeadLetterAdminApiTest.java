package dev.ordersaga.deadletteradmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ordersaga.contracts.InventoryCommand;
import dev.ordersaga.contracts.OrderLine;
import dev.ordersaga.contracts.ReserveStock;
import dev.ordersaga.messaging.Fixtures;
import dev.ordersaga.messaging.MessageSchemas;
import dev.ordersaga.messaging.TestStack;
import dev.ordersaga.messaging.admin.DeadLetters;

/**
 * The dead-letter admin API over real HTTP, against a real broker and database: a listener whose handler fails
 * parks its message, an operator lists it, replays it once the fault is gone and it is handled once; undecodable
 * bytes are listed as such, cannot be replayed and can be discarded. Served at a configured base path.
 */
@SpringBootTest(classes = AdminTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "messaging.inbox.max-redeliveries=2",
                "messaging.inbox.min-redelivery-delay=100ms",
                "messaging.inbox.max-redelivery-delay=400ms",
                "messaging.admin.base-path=/ops/dead-letters" })
@ExtendWith(OutputCaptureExtension.class)
class DeadLetterAdminApiTest {

    static final String DEAD_LETTER_TOPIC = "admin-test.commands-admin-test-DLQ";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    PulsarClient pulsar;
    @Autowired
    FlakyListener listener;
    @Autowired
    DataSource dataSource;

    @BeforeEach
    void effectsTable() {
        listener.createEffectsTable();
    }

    @Test
    void aMessageWhoseHandlerFailsIsParkedListedAndReplayedOnceTheFaultIsGone() throws Exception {
        String orderId = Fixtures.order();
        InventoryCommand command = Fixtures.inventoryCommand(orderId, new ReserveStock(List.of(new OrderLine("A", 2))));
        listener.failFor(orderId);
        try (Producer<InventoryCommand> producer = pulsar.newProducer(MessageSchemas.of(InventoryCommand.class))
                .topic(FlakyListener.TOPIC).create()) {
            producer.newMessage().key(orderId).value(command).property("origin", "admin-test").send();
        }

        JsonNode parked = awaitListed(orderId);
        assertThat(parked.path("deadLetterTopic").asString()).isEqualTo(DEAD_LETTER_TOPIC);
        String messageId = parked.path("messageId").asString();
        assertThat(messageId).matches("\\d+:\\d+");
        assertThat(parked.path("originTopic").asString()).isEqualTo("persistent://public/default/" + FlakyListener.TOPIC);
        assertThat(parked.path("originMessageId").asString()).isNotBlank();
        assertThat(parked.path("reason").asString()).contains("handler failed 3 times", "simulated outage");
        assertThat(Instant.parse(parked.path("publishTime").asString())).isBefore(Instant.now());
        assertThat(parked.path("properties").path("origin").asString()).isEqualTo("admin-test");
        assertThat(parked.path("properties").has("DLQ_REASON")).as("shown as reason, not among the properties").isFalse();
        assertThat(parked.path("decodable").asBoolean()).isTrue();
        assertThat(parked.path("payloadBase64").isNull()).isTrue();
        JsonNode envelope = parked.path("envelope");
        assertThat(envelope.path("type").asString()).isEqualTo("InventoryCommand");
        assertThat(envelope.path("payloadType").asString()).isEqualTo("ReserveStock");
        assertThat(envelope.path("eventId").asString()).isEqualTo(command.getEventId());
        assertThat(envelope.path("orderId").asString()).isEqualTo(orderId);
        assertThat(envelope.path("stepId").asString()).isEqualTo(command.getStepId());
        assertThat(Instant.parse(envelope.path("occurredAt").asString())).isEqualTo(command.getOccurredAt());
        assertThat(envelope.path("payload").path("items").get(0).path("sku").asString()).isEqualTo("A");
        assertThat(envelope.path("payload").path("items").get(0).path("qty").asInt()).isEqualTo(2);
        assertThat(listener.effects(command.getEventId())).as("the failed attempts rolled back").isZero();

        Answer one = get(path(DEAD_LETTER_TOPIC, messageId));
        assertThat(one.status()).as("%s", one).isEqualTo(200);
        assertThat(one.json().path("envelope").path("eventId").asString()).isEqualTo(command.getEventId());

        listener.heal(orderId);
        Answer replay = post(path(DEAD_LETTER_TOPIC, messageId) + "/replay");
        assertThat(replay.status()).as("%s", replay).isEqualTo(200);
        assertThat(replay.json().path("replayedTo").asString()).isEqualTo(FlakyListener.TOPIC);
        assertThat(replay.json().path("newMessageId").asString()).isNotBlank();
        assertThat(replay.json().path("message").path("messageId").asString()).isEqualTo(messageId);

        assertThat(listed(orderId)).as("resolved: no longer listed").isEmpty();
        Answer gone = get(path(DEAD_LETTER_TOPIC, messageId));
        assertThat(gone.status()).as("%s", gone).isEqualTo(404);
        assertThat(gone.isProblem()).as("%s", gone).isTrue();

        await("the replayed command handled").atMost(Duration.ofSeconds(30))
                .until(() -> listener.effects(command.getEventId()) == 1);
        assertThat(new JdbcTemplate(dataSource).queryForObject(
                "SELECT count(*) FROM processed_events WHERE consumer = ? AND event_id = ?::uuid", Integer.class,
                FlakyListener.SUBSCRIPTION, command.getEventId())).isEqualTo(1);
        assertThat(listener.lastProperties(orderId))
                .containsEntry("origin", "admin-test")
                .containsEntry(DeadLetters.REPLAYED_FROM, DEAD_LETTER_TOPIC + "/" + messageId)
                .containsKey(DeadLetters.REPLAYED_AT)
                .doesNotContainKeys("DLQ_REASON", "ORIGIN_TOPIC", "ORIGIN_MESSAGE_ID");

        Answer again = post(path(DEAD_LETTER_TOPIC, messageId) + "/replay");
        assertThat(again.status()).as("a second replay of the resolved message: %s", again).isEqualTo(404);
        assertThat(again.isProblem()).isTrue();
        assertThat(listener.effects(command.getEventId())).isEqualTo(1);
    }

    @Test
    void anUndecodableMessageIsListedAsSuchCannotBeReplayedAndCanBeDiscarded(CapturedOutput output) throws Exception {
        String key = "poison-" + UUID.randomUUID();
        byte[] garbage = ("not an InventoryCommand " + key).getBytes(StandardCharsets.UTF_8);
        try (Producer<byte[]> raw = pulsar.newProducer(Schema.BYTES).topic(FlakyListener.TOPIC).create()) {
            raw.newMessage().key(key).value(garbage).send();
        }

        JsonNode parked = awaitListed(key);
        String messageId = parked.path("messageId").asString();
        assertThat(parked.path("decodable").asBoolean()).isFalse();
        assertThat(parked.path("envelope").isNull()).isTrue();
        assertThat(Base64.getDecoder().decode(parked.path("payloadBase64").asString())).isEqualTo(garbage);
        assertThat(parked.path("decodeError").asString()).isNotBlank();
        assertThat(parked.path("reason").asString()).startsWith("undecodable");

        Answer replay = post(path(DEAD_LETTER_TOPIC, messageId) + "/replay");
        assertThat(replay.status()).as("%s", replay).isEqualTo(422);
        assertThat(replay.isProblem()).as("%s", replay).isTrue();
        assertThat(replay.json().path("detail").asString()).contains("does not decode", "Discard it");
        assertThat(listed(key)).as("still parked after the refused replay").isPresent();

        Answer discard = send(HttpRequest.newBuilder(uri(path(DEAD_LETTER_TOPIC, messageId) + "?reason=test+garbage"))
                .DELETE().build());
        assertThat(discard.status()).as("%s", discard).isEqualTo(204);
        // read "at the request of from 127.0.0.1 (Java-http-client/17)"
        assertThat(output).containsPattern("Discarded message " + messageId + " from DLQ " + DEAD_LETTER_TOPIC
                + " .* at the request of an unauthenticated caller from [0-9a-f.:]+ \\(User-Agent Java-http-client/[^)]*\\): "
                + "test garbage");
        assertThat(listed(key)).isEmpty();
        Answer gone = get(path(DEAD_LETTER_TOPIC, messageId));
        assertThat(gone.status()).as("%s", gone).isEqualTo(404);
        assertThat(gone.isProblem()).isTrue();
    }

    @Test
    void unknownTopicsAndMessagesAreNotFoundAndBadParametersAreRejected() {
        assertProblem(get(path("inventory.commands-inventory-service-DLQ", "1:0")), 404, "not a dead-letter topic of this service");
        assertProblem(get(path("no-such-topic", "1:0")), 404, DEAD_LETTER_TOPIC);
        assertProblem(get(path(DEAD_LETTER_TOPIC, "999999:0")), 404, "999999:0");
        assertProblem(post(path(DEAD_LETTER_TOPIC, "999999:0") + "/replay"), 404, "999999:0");
        assertProblem(send(HttpRequest.newBuilder(uri(path(DEAD_LETTER_TOPIC, "999999:0"))).DELETE().build()), 404, "999999:0");
        assertProblem(get(path(DEAD_LETTER_TOPIC, "latest")), 400, "messageId");
        // digits that do not fit a long were a 500 (NumberFormatException)
        for (String overflowing : List.of("99999999999999999999:0", "17:99999999999999999999")) {
            assertProblem(get(path(DEAD_LETTER_TOPIC, overflowing)), 400, "messageId");
            assertProblem(post(path(DEAD_LETTER_TOPIC, overflowing) + "/replay"), 400, "messageId");
            assertProblem(send(HttpRequest.newBuilder(uri(path(DEAD_LETTER_TOPIC, overflowing))).DELETE().build()), 400,
                    overflowing);
        }
        assertProblem(get("/ops/dead-letters?limit=0"), 400, "limit");
        assertProblem(get("/ops/dead-letters?limit=201"), 400, "limit");
        assertProblem(get("/ops/dead-letters?limit=ten"), 400, "limit");
        Answer max = get("/ops/dead-letters?limit=200");
        assertThat(max.status()).as("%s", max).isEqualTo(200);
        assertThat(max.json().path("limit").asInt()).isEqualTo(200);
        assertThat(max.json().path("topics").get(0).path("topic").asString()).isEqualTo(DEAD_LETTER_TOPIC);
    }

    private JsonNode awaitListed(String key) {
        AtomicReference<JsonNode> found = new AtomicReference<>();
        await("a dead letter with key " + key).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    listed(key).ifPresent(found::set);
                    return found.get() != null;
                });
        return found.get();
    }

    private Optional<JsonNode> listed(String key) {
        Answer list = get("/ops/dead-letters?limit=200");
        assertThat(list.status()).as("%s", list).isEqualTo(200);
        for (JsonNode message : list.json().path("messages")) {
            if (key.equals(message.path("key").asString())) {
                return Optional.of(message);
            }
        }
        return Optional.empty();
    }

    private static void assertProblem(Answer answer, int status, String detailContains) {
        assertThat(answer.status()).as("%s", answer).isEqualTo(status);
        assertThat(answer.isProblem()).as("%s", answer).isTrue();
        assertThat(answer.json().path("status").asInt()).isEqualTo(status);
        assertThat(answer.json().path("detail").asString()).as("%s", answer).contains(detailContains);
    }

    private static String path(String topic, String messageId) {
        return "/ops/dead-letters/" + topic + "/" + messageId;
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private Answer get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    private Answer post(String path) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private static Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(request.method() + " " + request.uri(), response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), response.body());
        }
        catch (Exception e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": " + e, e);
        }
    }

    record Answer(String request, int status, String contentType, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        boolean isProblem() {
            return contentType.startsWith("application/problem+json");
        }
    }
}
