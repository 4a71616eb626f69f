package dev.ordersaga.messaging.inbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;

/**
 * Parks a message that cannot be handled on its subscription's dead-letter topic
 * ({@code <topic>-<subscription>-DLQ}) as the raw bytes it arrived with, keeping its key and
 * properties and adding why and where it came from. Raw bytes, because a message that does not
 * decode must not be re-encoded under a schema it does not match.
 */
public class DeadLetterPublisher {

    public static final String REASON = "DLQ_REASON";
    public static final String ORIGIN_TOPIC = "ORIGIN_TOPIC";
    public static final String ORIGIN_MESSAGE_ID = "ORIGIN_MESSAGE_ID";
    /**
     * A durable subscription every dead-letter topic gets before its first message: it keeps parked messages
     * (and the topic, which the broker would otherwise delete as inactive) until an operator clears them.
     */
    public static final String RETENTION_SUBSCRIPTION = "dead-letters";

    private final PulsarClient pulsar;
    private final Map<String, Producer<byte[]>> producers = new ConcurrentHashMap<>();

    public DeadLetterPublisher(PulsarClient pulsar) {
        this.pulsar = pulsar;
    }

    public static String deadLetterTopic(String topic, String subscription) {
        return topic + "-" + subscription + "-DLQ";
    }

    /** Publishes synchronously: the caller acknowledges the original only after this returns. */
    public void park(Message<?> message, String subscription, String reason) throws PulsarClientException {
        var builder = producer(deadLetterTopic(message.getTopicName(), subscription)).newMessage()
                .value(message.getData())
                .properties(message.getProperties())
                .property(REASON, reason.length() > 2000 ? reason.substring(0, 2000) : reason)
                .property(ORIGIN_TOPIC, message.getTopicName())
                .property(ORIGIN_MESSAGE_ID, message.getMessageId().toString());
        if (message.hasKey()) {
            builder.key(message.getKey());
        }
        builder.send();
    }

    private Producer<byte[]> producer(String topic) throws PulsarClientException {
        Producer<byte[]> producer = producers.get(topic);
        if (producer == null) {
            pulsar.newConsumer(Schema.BYTES).topic(topic).subscriptionName(RETENTION_SUBSCRIPTION)
                    .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest).subscribe().close();
            producer = pulsar.newProducer(Schema.BYTES).topic(topic).enableBatching(false).create();
            producers.put(topic, producer);
        }
        return producer;
    }

    public void close() {
        producers.values().forEach(Producer::closeAsync);
    }
}
