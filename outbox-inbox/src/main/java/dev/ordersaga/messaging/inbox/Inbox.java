package dev.ordersaga.messaging.inbox;

import java.util.UUID;
import java.util.function.Consumer;

import org.apache.avro.specific.SpecificRecord;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ordersaga.contracts.Envelopes;

/**
 * The one way a service consumes a message: decode it, and in one database transaction record
 * {@code (consumer, eventId)} in {@code processed_events} and apply its effect. A redelivered
 * event finds its row and has no second effect.
 *
 * <ul>
 * <li>A message that does not decode (or lacks its header) goes straight to the dead-letter topic.</li>
 * <li>A handler that throws rolls back; the message is negatively acknowledged and redelivered
 * with backoff, and parked on the dead-letter topic after {@code messaging.inbox.max-redeliveries}.</li>
 * </ul>
 */
public class Inbox {

    private static final Logger log = LoggerFactory.getLogger(Inbox.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final DeadLetterPublisher deadLetters;
    private final int maxRedeliveries;

    public Inbox(JdbcClient jdbc, TransactionTemplate transaction, DeadLetterPublisher deadLetters, int maxRedeliveries) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.deadLetters = deadLetters;
        this.maxRedeliveries = maxRedeliveries;
    }

    /**
     * @param consumer the subscription name; deduplication is per consumer
     * @throws PulsarClientException if a message cannot even be parked (it is then redelivered)
     */
    public <T extends SpecificRecord> void receive(String consumer, Message<T> message, Consumer<T> handler)
            throws PulsarClientException {
        T envelope;
        UUID eventId;
        try {
            envelope = message.getValue();
            eventId = checkEnvelope(envelope);
        }
        catch (RuntimeException e) {
            String reason = "undecodable: " + e;
            deadLetters.park(message, consumer, reason);
            log.warn("Parked message {} from {} (key {}) on the dead-letter topic: {}", message.getMessageId(),
                    message.getTopicName(), message.getKey(), reason);
            return;
        }
        try {
            transaction.executeWithoutResult(status -> {
                if (firstDelivery(consumer, eventId, message)) {
                    handler.accept(envelope);
                }
                else {
                    log.debug("{} already handled event {} ({}); ignoring the duplicate", consumer, eventId,
                            Envelopes.type(envelope));
                }
            });
        }
        catch (RuntimeException e) {
            int attempt = message.getRedeliveryCount() + 1;
            if (attempt > maxRedeliveries) {
                deadLetters.park(message, consumer, "handler failed " + attempt + " times: " + e);
                log.error("Parked {} of order {} (message {} from {}) on the dead-letter topic after {} failed attempts: {}",
                        Envelopes.type(envelope), Envelopes.orderId(envelope), message.getMessageId(),
                        message.getTopicName(), attempt, e.toString());
                return;
            }
            log.warn("Handling {} of order {} (message {} from {}) failed on attempt {}; it will be redelivered: {}",
                    Envelopes.type(envelope), Envelopes.orderId(envelope), message.getMessageId(),
                    message.getTopicName(), attempt, e.toString());
            throw e;
        }
    }

    private boolean firstDelivery(String consumer, UUID eventId, Message<?> message) {
        return jdbc.sql("""
                INSERT INTO processed_events (consumer, event_id, topic, message_id)
                VALUES (:consumer, :eventId, :topic, :messageId)
                ON CONFLICT DO NOTHING
                """)
                .param("consumer", consumer)
                .param("eventId", eventId)
                .param("topic", message.getTopicName())
                .param("messageId", message.getMessageId().toString())
                .update() == 1;
    }

    /**
     * What the inbox requires of a decoded envelope before it handles it: a UUID eventId, an orderId, a stepId,
     * occurredAt, a payload, and a schema version this build knows (a newer producer's message may mean what this
     * code cannot tell). Anything else is parked as undecodable.
     *
     * @return the event id
     * @throws RuntimeException saying what is missing or malformed
     */
    public static UUID checkEnvelope(SpecificRecord envelope) {
        UUID eventId = UUID.fromString(Envelopes.eventId(envelope));
        requireHeader(envelope);
        return eventId;
    }

    private static void requireHeader(SpecificRecord envelope) {
        String orderId = Envelopes.orderId(envelope);
        if (orderId == null || orderId.isBlank()) {
            throw new IllegalArgumentException("missing orderId");
        }
        if (Envelopes.stepId(envelope) == null || Envelopes.occurredAt(envelope) == null) {
            throw new IllegalArgumentException("missing stepId or occurredAt");
        }
        if (Envelopes.type(envelope).equals("null")) {
            throw new IllegalArgumentException("missing payload");
        }
        int version = Envelopes.schemaVersion(envelope);
        if (version < 1 || version > Envelopes.SCHEMA_VERSION) {
            throw new IllegalArgumentException("unknown schemaVersion " + version + " (this service reads 1 to "
                    + Envelopes.SCHEMA_VERSION + ")");
        }
    }
}
