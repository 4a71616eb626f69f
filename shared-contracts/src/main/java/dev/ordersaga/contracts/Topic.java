package dev.ordersaga.contracts;

import java.util.Arrays;

import org.apache.avro.specific.SpecificRecord;

/**
 * Every topic of the system, with the one Avro envelope it carries. Topics live in
 * {@code public/default}; every message is keyed by its order id so per-order order holds.
 */
public enum Topic {

    INVENTORY_COMMANDS("inventory.commands", InventoryCommand.class),
    INVENTORY_EVENTS("inventory.events", InventoryEvent.class),
    PAYMENT_COMMANDS("payment.commands", PaymentCommand.class),
    PAYMENT_EVENTS("payment.events", PaymentEvent.class);

    /** Tenant and namespace of every topic. */
    public static final String NAMESPACE = "public/default";

    /** Topic names as constants, for annotations. */
    public static final String INVENTORY_COMMANDS_NAME = "inventory.commands";
    public static final String INVENTORY_EVENTS_NAME = "inventory.events";
    public static final String PAYMENT_COMMANDS_NAME = "payment.commands";
    public static final String PAYMENT_EVENTS_NAME = "payment.events";

    private final String topicName;
    private final Class<? extends SpecificRecord> messageClass;

    Topic(String topicName, Class<? extends SpecificRecord> messageClass) {
        this.topicName = topicName;
        this.messageClass = messageClass;
    }

    public String topicName() {
        return topicName;
    }

    /** Fully qualified name, as {@code pulsar-admin} lists it. */
    public String fullName() {
        return "persistent://" + NAMESPACE + "/" + topicName;
    }

    public Class<? extends SpecificRecord> messageClass() {
        return messageClass;
    }

    public static Topic of(String topicName) {
        return Arrays.stream(values())
                .filter(t -> t.topicName.equals(topicName) || t.fullName().equals(topicName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown topic: " + topicName));
    }

    public static Topic carrying(Class<?> messageClass) {
        return Arrays.stream(values())
                .filter(t -> t.messageClass.equals(messageClass))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No topic carries " + messageClass.getName()));
    }
}
