package dev.ordersaga.messaging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.specific.SpecificRecord;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.schema.SchemaDefinition;

import dev.ordersaga.contracts.Topic;

/**
 * The one Pulsar schema of each envelope class. JSR-310 conversion must be on for the
 * {@code timestamp-millis} header, and the first schema registered on a topic fixes that flag for
 * every later client, so producers, consumers and the outbox encoder all take it from here.
 */
public final class MessageSchemas {

    private static final Map<Class<?>, Schema<?>> SCHEMAS = new ConcurrentHashMap<>();

    private MessageSchemas() {
    }

    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> Schema<T> of(Class<T> envelopeClass) {
        return (Schema<T>) SCHEMAS.computeIfAbsent(envelopeClass, c -> Schema.AVRO(
                SchemaDefinition.<T>builder().withPojo(envelopeClass).withJSR310ConversionEnabled(true).build()));
    }

    public static Schema<? extends SpecificRecord> of(Topic topic) {
        return of(topic.messageClass());
    }

    @SuppressWarnings("unchecked")
    public static byte[] encode(SpecificRecord envelope) {
        return ((Schema<SpecificRecord>) of(envelope.getClass())).encode(envelope);
    }
}
