package dev.ordersaga.inventory.messaging;

import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.SubscriptionType;
import org.springframework.pulsar.annotation.PulsarListener;
import org.springframework.stereotype.Component;

import dev.ordersaga.contracts.InventoryCommand;
import dev.ordersaga.contracts.Topic;
import dev.ordersaga.messaging.inbox.Inbox;

/** Consumes inventory.commands through the idempotent inbox. */
@Component
public class InventoryCommandListener {

    /** The subscription, and the inbox's consumer name. */
    public static final String SUBSCRIPTION = "inventory-service";

    private final Inbox inbox;
    private final InventoryCommandService service;

    public InventoryCommandListener(Inbox inbox, InventoryCommandService service) {
        this.inbox = inbox;
        this.service = service;
    }

    @PulsarListener(topics = Topic.INVENTORY_COMMANDS_NAME, subscriptionName = SUBSCRIPTION,
            subscriptionType = SubscriptionType.Key_Shared, concurrency = "${messaging.consumer.concurrency:2}",
            autoStartup = "${spring.pulsar.listener.auto-startup:true}")
    void onCommand(Message<InventoryCommand> message) throws PulsarClientException {
        inbox.receive(SUBSCRIPTION, message, service::handle);
    }
}
