package dev.ordersaga.messaging.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.ordersaga.contracts.InventoryCommand;
import dev.ordersaga.messaging.Fixtures;
import dev.ordersaga.messaging.MessageSchemas;
import dev.ordersaga.messaging.TestApplication;
import dev.ordersaga.messaging.TestStack;

/** The inbox against a real broker and database: one effect per event, poison parked, failures retried. */
@SpringBootTest(classes = TestApplication.class, properties = "messaging.inbox.max-redeliveries=1")
class InboxTest {

    private static final String SUBSCRIPTION = "inbox-test";

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack.register(registry);
    }

    @Autowired
    Inbox inbox;
    @Autowired
    PulsarClient pulsar;
    @Autowired
    DataSource dataSource;

    JdbcTemplate jdbc;
    String topic;
    Consumer<InventoryCommand> consumer;
    final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void freshTopic() throws Exception {
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("CREATE TABLE IF NOT EXISTS test_effects (event_id TEXT NOT NULL)");
        jdbc.update("DELETE FROM test_effects");
        topic = "persistent://public/default/inbox-test-" + UUID.randomUUID();
        consumer = pulsar.newConsumer(MessageSchemas.of(InventoryCommand.class))
                .topic(topic)
                .subscriptionName(SUBSCRIPTION)
                .subscriptionType(SubscriptionType.Shared)
                .negativeAckRedeliveryDelay(100, TimeUnit.MILLISECONDS)
                .subscribe();
        closeables.add(consumer);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    @Test
    void aRedeliveredEventHasNoSecondEffect() throws Exception {
        InventoryCommand command = Fixtures.numbered(Fixtures.order(), 0);
        publish(command);

        Message<InventoryCommand> first = receive();
        inbox.receive(SUBSCRIPTION, first, this::recordEffect);
        consumer.redeliverUnacknowledgedMessages();
        Message<InventoryCommand> again = receive();
        inbox.receive(SUBSCRIPTION, again, this::recordEffect);

        assertThat(again.getMessageId()).isEqualTo(first.getMessageId());
        assertThat(effectsOf(command)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM processed_events WHERE consumer = ? AND event_id = ?::uuid",
                Integer.class, SUBSCRIPTION, command.getEventId())).isEqualTo(1);
    }

    @Test
    void theSameEventPublishedTwiceHasOneEffect() throws Exception {
        InventoryCommand command = Fixtures.numbered(Fixtures.order(), 0);
        publish(command);
        publish(command);

        inbox.receive(SUBSCRIPTION, receive(), this::recordEffect);
        inbox.receive(SUBSCRIPTION, receive(), this::recordEffect);

        assertThat(effectsOf(command)).isEqualTo(1);
    }

    @Test
    void aFailedHandlerLeavesNoTraceAndTheRetryTakesEffect() throws Exception {
        InventoryCommand command = Fixtures.numbered(Fixtures.order(), 0);
        publish(command);
        AtomicInteger calls = new AtomicInteger();

        Message<InventoryCommand> first = receive();
        assertThatThrownBy(() -> inbox.receive(SUBSCRIPTION, first, c -> {
            recordEffect(c);
            calls.incrementAndGet();
            throw new IllegalStateException("database hiccup");
        })).hasMessageContaining("database hiccup");
        assertThat(effectsOf(command)).as("rolled back").isZero();

        consumer.negativeAcknowledge(first);
        inbox.receive(SUBSCRIPTION, receive(), this::recordEffect);
        assertThat(calls).hasValue(1);
        assertThat(effectsOf(command)).isEqualTo(1);
    }

    @Test
    void anUndecodableMessageGoesToTheDeadLetterTopicWithItsReason() throws Exception {
        Consumer<byte[]> deadLetters = deadLetterConsumer();
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        try (Producer<byte[]> raw = pulsar.newProducer(Schema.BYTES).topic(topic).create()) {
            raw.newMessage().key("order-x").value(garbage).property("origin", "test").send();
        }

        Message<InventoryCommand> poison = receive();
        inbox.receive(SUBSCRIPTION, poison, this::recordEffect);

        Message<byte[]> parked = deadLetters.receive(30, TimeUnit.SECONDS);
        assertThat(parked).isNotNull();
        assertThat(parked.getData()).isEqualTo(garbage);
        assertThat(parked.getKey()).isEqualTo("order-x");
        assertThat(parked.getProperty("origin")).isEqualTo("test");
        assertThat(parked.getProperty(DeadLetterPublisher.REASON)).startsWith("undecodable");
        assertThat(parked.getProperty(DeadLetterPublisher.ORIGIN_MESSAGE_ID)).isEqualTo(poison.getMessageId().toString());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM test_effects", Integer.class)).isZero();
        // Kept for an operator on the topic's own durable subscription, which existed before the message arrived.
        try (Consumer<byte[]> retained = pulsar.newConsumer(Schema.BYTES)
                .topic(DeadLetterPublisher.deadLetterTopic(topic, SUBSCRIPTION))
                .subscriptionName(DeadLetterPublisher.RETENTION_SUBSCRIPTION)
                .subscriptionInitialPosition(SubscriptionInitialPosition.Latest)
                .subscribe()) {
            Message<byte[]> kept = retained.receive(30, TimeUnit.SECONDS);
            assertThat(kept).isNotNull();
            assertThat(kept.getData()).isEqualTo(garbage);
        }
    }

    @Test
    void anEnvelopeOfAnUnknownSchemaVersionOrWithoutItsHeaderIsParkedUnhandled() throws Exception {
        Consumer<byte[]> deadLetters = deadLetterConsumer();
        InventoryCommand valid = Fixtures.numbered(Fixtures.order(), 0);
        List<InventoryCommand> poison = List.of(
                InventoryCommand.newBuilder(valid).setEventId(UUID.randomUUID().toString()).setSchemaVersion(2).build(),
                InventoryCommand.newBuilder(valid).setEventId(UUID.randomUUID().toString()).setOrderId("").build(),
                InventoryCommand.newBuilder(valid).setEventId("not-a-uuid").build());
        for (InventoryCommand command : poison) {
            publish(command);
        }

        for (int i = 0; i < poison.size(); i++) {
            inbox.receive(SUBSCRIPTION, receive(), this::recordEffect);
        }

        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < poison.size(); i++) {
            Message<byte[]> parked = deadLetters.receive(30, TimeUnit.SECONDS);
            assertThat(parked).isNotNull();
            reasons.add(parked.getProperty(DeadLetterPublisher.REASON));
        }
        assertThat(reasons).allMatch(reason -> reason.startsWith("undecodable"));
        assertThat(String.join("\n", reasons)).contains("unknown schemaVersion 2 (this service reads 1 to 1)",
                "missing orderId", "Invalid UUID string: not-a-uuid");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM test_effects", Integer.class)).isZero();
    }

    @Test
    void aMessageWhoseHandlerKeepsFailingIsParkedAfterTheLastRedelivery() throws Exception {
        Consumer<byte[]> deadLetters = deadLetterConsumer();
        InventoryCommand command = Fixtures.numbered(Fixtures.order(), 0);
        publish(command);
        java.util.function.Consumer<InventoryCommand> broken = c -> {
            throw new IllegalStateException("always fails");
        };

        Message<InventoryCommand> first = receive();
        assertThatThrownBy(() -> inbox.receive(SUBSCRIPTION, first, broken)).isInstanceOf(IllegalStateException.class);
        consumer.negativeAcknowledge(first);
        Message<InventoryCommand> redelivered = receive();
        assertThat(redelivered.getRedeliveryCount()).isEqualTo(1);
        inbox.receive(SUBSCRIPTION, redelivered, broken); // max-redeliveries=1: parked, not thrown

        Message<byte[]> parked = deadLetters.receive(30, TimeUnit.SECONDS);
        assertThat(parked).isNotNull();
        assertThat(MessageSchemas.of(InventoryCommand.class).decode(parked.getData())).isEqualTo(command);
        assertThat(parked.getProperty(DeadLetterPublisher.REASON)).contains("handler failed 2 times", "always fails");
        assertThat(parked.getKey()).as("key kept").isEqualTo(command.getOrderId());
        assertThat(parked.getProperty("origin")).as("properties kept").isEqualTo("test");
    }

    private void publish(InventoryCommand command) throws Exception {
        try (Producer<InventoryCommand> producer = pulsar.newProducer(MessageSchemas.of(InventoryCommand.class))
                .topic(topic).create()) {
            producer.newMessage().key(command.getOrderId()).property("origin", "test").value(command).send();
        }
    }

    private Message<InventoryCommand> receive() throws Exception {
        Message<InventoryCommand> message = consumer.receive(30, TimeUnit.SECONDS);
        assertThat(message).as("a message on " + topic).isNotNull();
        return message;
    }

    private Consumer<byte[]> deadLetterConsumer() throws Exception {
        Consumer<byte[]> deadLetters = pulsar.newConsumer(Schema.BYTES)
                .topic(DeadLetterPublisher.deadLetterTopic(topic, SUBSCRIPTION))
                .subscriptionName("dlq-reader")
                .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
                .subscribe();
        closeables.add(deadLetters);
        return deadLetters;
    }

    private void recordEffect(InventoryCommand command) {
        jdbc.update("INSERT INTO test_effects (event_id) VALUES (?)", command.getEventId());
    }

    private int effectsOf(InventoryCommand command) {
        return jdbc.queryForObject("SELECT count(*) FROM test_effects WHERE event_id = ?", Integer.class,
                command.getEventId());
    }
}
