package dev.ordersaga.messaging.outbox;

/** A claimed outbox row on its way to the broker. */
record OutboxRow(long id, String aggregateId, String eventId, String eventType, String topic, byte[] payload,
        int retryCount) {
}
