package dev.ordersaga.payment.messaging;

import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.SubscriptionType;
import org.springframework.pulsar.annotation.PulsarListener;
import org.springframework.stereotype.Component;

import dev.ordersaga.contracts.PaymentCommand;
import dev.ordersaga.contracts.Topic;
import dev.ordersaga.messaging.inbox.Inbox;

/** Consumes payment.commands through the idempotent inbox. */
@Component
public class PaymentCommandListener {

    /** The subscription, and the inbox's consumer name. */
    public static final String SUBSCRIPTION = "payment-service";

    private final Inbox inbox;
    private final PaymentCommandService service;

    public PaymentCommandListener(Inbox inbox, PaymentCommandService service) {
        this.inbox = inbox;
        this.service = service;
    }

    @PulsarListener(topics = Topic.PAYMENT_COMMANDS_NAME, subscriptionName = SUBSCRIPTION,
            subscriptionType = SubscriptionType.Key_Shared, concurrency = "${messaging.consumer.concurrency:2}",
            autoStartup = "${spring.pulsar.listener.auto-startup:true}")
    void onCommand(Message<PaymentCommand> message) throws PulsarClientException {
        inbox.receive(SUBSCRIPTION, message, service::handle);
    }
}
