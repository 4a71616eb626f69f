package dev.ordersaga.saga.messaging;

import java.util.UUID;

import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.SubscriptionType;
import org.springframework.pulsar.annotation.PulsarListener;
import org.springframework.stereotype.Component;

import dev.ordersaga.contracts.InventoryEvent;
import dev.ordersaga.contracts.PaymentEvent;
import dev.ordersaga.contracts.Topic;
import dev.ordersaga.messaging.inbox.Inbox;
import dev.ordersaga.saga.application.OrderSagaService;

/** The participants' replies: decoded and deduplicated by the inbox, then handed to the saga. */
@Component
class ReplyListeners {

    static final String SUBSCRIPTION = "order-saga-service";

    private final Inbox inbox;
    private final OrderSagaService sagas;

    ReplyListeners(Inbox inbox, OrderSagaService sagas) {
        this.inbox = inbox;
        this.sagas = sagas;
    }

    @PulsarListener(topics = Topic.INVENTORY_EVENTS_NAME, subscriptionName = SUBSCRIPTION,
            subscriptionType = SubscriptionType.Key_Shared, concurrency = "${messaging.consumer.concurrency:2}",
            autoStartup = "${spring.pulsar.listener.auto-startup:true}")
    void onInventoryEvent(Message<InventoryEvent> message) throws PulsarClientException {
        inbox.receive(SUBSCRIPTION, message, event -> sagas.handle(UUID.fromString(event.getOrderId()),
                SagaMessages.toSagaEvent(event), event.toString()));
    }

    @PulsarListener(topics = Topic.PAYMENT_EVENTS_NAME, subscriptionName = SUBSCRIPTION,
            subscriptionType = SubscriptionType.Key_Shared, concurrency = "${messaging.consumer.concurrency:2}",
            autoStartup = "${spring.pulsar.listener.auto-startup:true}")
    void onPaymentEvent(Message<PaymentEvent> message) throws PulsarClientException {
        inbox.receive(SUBSCRIPTION, message, event -> sagas.handle(UUID.fromString(event.getOrderId()),
                SagaMessages.toSagaEvent(event), event.toString()));
    }
}
