package dev.ordersaga.contracts;

import java.time.Instant;

import org.apache.avro.specific.SpecificRecord;

/**
 * Reads the header every envelope carries (eventId, orderId, stepId, occurredAt, schemaVersion)
 * without knowing which envelope it is: shared infrastructure (inbox, relay, logs) needs only these.
 */
public final class Envelopes {

    /** The schema version every producer of this build writes. */
    public static final int SCHEMA_VERSION = 1;

    private Envelopes() {
    }

    public static String eventId(SpecificRecord envelope) {
        return (String) field(envelope, "eventId");
    }

    public static String orderId(SpecificRecord envelope) {
        return (String) field(envelope, "orderId");
    }

    public static String stepId(SpecificRecord envelope) {
        return (String) field(envelope, "stepId");
    }

    public static Instant occurredAt(SpecificRecord envelope) {
        return (Instant) field(envelope, "occurredAt");
    }

    public static int schemaVersion(SpecificRecord envelope) {
        return (Integer) field(envelope, "schemaVersion");
    }

    /** The payload's simple type name, such as {@code StockReserved}. */
    public static String type(SpecificRecord envelope) {
        Object payload = field(envelope, "payload");
        return payload == null ? "null" : payload.getClass().getSimpleName();
    }

    private static Object field(SpecificRecord envelope, String name) {
        var field = envelope.getSchema().getField(name);
        if (field == null) {
            throw new IllegalArgumentException(envelope.getSchema().getFullName() + " has no field " + name);
        }
        return envelope.get(field.pos());
    }
}
