package dev.ordersaga.messaging.outbox;

import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.ordersaga.contracts.Envelopes;
import dev.ordersaga.contracts.Topic;
import dev.ordersaga.messaging.MessageSchemas;

/**
 * Appends a message to the outbox inside the caller's transaction, so it is published if and
 * only if the state change that produced it commits. The relay does the publishing.
 */
public class OutboxWriter {

    private final JdbcClient jdbc;

    public OutboxWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void append(SpecificRecord envelope) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("The outbox must be written in the transaction of the state change");
        }
        Topic topic = Topic.carrying(envelope.getClass());
        jdbc.sql("""
                INSERT INTO outbox (aggregate_id, event_id, event_type, topic, payload)
                VALUES (:aggregateId, :eventId, :eventType, :topic, :payload)
                """)
                .param("aggregateId", Envelopes.orderId(envelope))
                .param("eventId", UUID.fromString(Envelopes.eventId(envelope)))
                .param("eventType", Envelopes.type(envelope))
                .param("topic", topic.topicName())
                .param("payload", MessageSchemas.encode(envelope))
                .update();
    }
}
