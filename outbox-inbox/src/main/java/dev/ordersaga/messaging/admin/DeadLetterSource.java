package dev.ordersaga.messaging.admin;

import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.common.naming.TopicName;

import dev.ordersaga.messaging.inbox.DeadLetterPublisher;

/**
 * One subscription this service consumes and the dead-letter topic its parked messages go to.
 *
 * @param originTopic the consumed topic, fully qualified ({@code persistent://public/default/inventory.commands})
 * @param subscription the subscription (and inbox consumer) name
 * @param schema the schema the service's listener decodes the topic with
 */
record DeadLetterSource(String originTopic, String subscription, Schema<?> schema) {

    /** Fully qualified, as {@link DeadLetterPublisher} names it. */
    String deadLetterTopic() {
        return DeadLetterPublisher.deadLetterTopic(originTopic, subscription);
    }

    String deadLetterTopicShortName() {
        return shortName(deadLetterTopic());
    }

    String originTopicShortName() {
        return shortName(originTopic);
    }

    static String fullName(String topic) {
        return TopicName.get(topic).toString();
    }

    static String shortName(String topic) {
        return TopicName.get(topic).getLocalName();
    }
}
