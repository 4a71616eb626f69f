package dev.ordersaga.messaging.admin;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.MessageIdAdv;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionType;
import org.apache.pulsar.client.api.TypedMessageBuilder;
import org.apache.pulsar.client.impl.MessageIdImpl;
import org.apache.pulsar.common.policies.data.ManagedLedgerInternalStats.CursorStats;
import org.apache.pulsar.common.policies.data.PersistentTopicInternalStats;
import org.apache.pulsar.common.policies.data.SubscriptionStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.pulsar.config.PulsarListenerEndpointRegistry;
import org.springframework.pulsar.core.PulsarAdministration;
import org.springframework.pulsar.listener.PulsarContainerProperties;
import org.springframework.pulsar.listener.PulsarMessageListenerContainer;

import dev.ordersaga.contracts.Envelopes;
import dev.ordersaga.contracts.Topic;
import dev.ordersaga.messaging.MessageSchemas;
import dev.ordersaga.messaging.inbox.DeadLetterPublisher;
import dev.ordersaga.messaging.inbox.Inbox;

/**
 * What an operator can do with the messages this service parked: list the unresolved ones, look at one,
 * replay one to the topic it came from, or discard it.
 *
 * <p>The dead-letter topics are those of the subscriptions this service's {@code @PulsarListener}s consume
 * ({@code <topic>-<subscription>-DLQ}), and a message is unresolved while it is in the backlog of the topic's
 * durable {@value DeadLetterPublisher#RETENTION_SUBSCRIPTION} subscription. Replaying and discarding acknowledge
 * it there. A message is decoded with the schema the service's own listener uses for the origin topic, and the
 * same checks as the {@link Inbox}: what the inbox would park again is not replayed.
 */
public class DeadLetters implements DisposableBean {

    /** Added to a replayed message: the dead-letter topic and message id it was replayed from. */
    public static final String REPLAYED_FROM = "REPLAYED_FROM";
    /** Added to a replayed message: when. */
    public static final String REPLAYED_AT = "REPLAYED_AT";

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final Pattern MESSAGE_ID = Pattern.compile("(\\d+):(\\d+)(:-?\\d+){0,2}");
    private static final Pattern POSITION = Pattern.compile("(-?\\d+):(-?\\d+)");
    private static final Pattern DELETED_RANGE = Pattern.compile("\\((-?\\d+):(-?\\d+)\\.\\.(-?\\d+):(-?\\d+)]");
    private static final long SEND_TIMEOUT_SECONDS = 10;

    private final PulsarClient pulsar;
    private final ObjectProvider<PulsarAdministration> administrations;
    private final ObjectProvider<PulsarListenerEndpointRegistry> registries;
    private PulsarAdmin admin;

    public DeadLetters(PulsarClient pulsar, ObjectProvider<PulsarAdministration> administrations,
            ObjectProvider<PulsarListenerEndpointRegistry> registries) {
        this.pulsar = pulsar;
        this.administrations = administrations;
        this.registries = registries;
    }

    /** The subscriptions of this service's listeners, by dead-letter topic (fully qualified). */
    Map<String, DeadLetterSource> sources() {
        Map<String, DeadLetterSource> byDeadLetterTopic = new TreeMap<>();
        PulsarListenerEndpointRegistry registry = registries.getIfAvailable();
        if (registry == null) {
            return byDeadLetterTopic;
        }
        for (PulsarMessageListenerContainer container : registry.getListenerContainers()) {
            PulsarContainerProperties properties;
            try {
                properties = container.getContainerProperties();
            }
            catch (UnsupportedOperationException e) {
                continue;
            }
            String subscription = properties.getSubscriptionName();
            if (subscription == null || properties.getTopics() == null) {
                continue;
            }
            for (String topic : properties.getTopics()) {
                String origin = DeadLetterSource.fullName(topic);
                Schema<?> schema = properties.getSchema() != null ? properties.getSchema() : knownSchema(origin);
                DeadLetterSource source = new DeadLetterSource(origin, subscription, schema);
                byDeadLetterTopic.put(source.deadLetterTopic(), source);
            }
        }
        return byDeadLetterTopic;
    }

    private static Schema<?> knownSchema(String origin) {
        try {
            return MessageSchemas.of(Topic.of(origin));
        }
        catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Up to {@code limit} unresolved messages, oldest first per dead-letter topic. */
    public Listing list(int limit) {
        List<TopicSummary> topics = new ArrayList<>();
        List<DeadLetterView> messages = new ArrayList<>();
        long total = 0;
        for (DeadLetterSource source : sources().values()) {
            long backlog = backlog(source);
            total += backlog;
            topics.add(new TopicSummary(source.deadLetterTopicShortName(), source.originTopicShortName(),
                    source.subscription(), backlog));
            int wanted = (int) Math.min(backlog, limit - messages.size());
            if (wanted > 0) {
                for (Message<byte[]> message : peek(source, wanted)) {
                    messages.add(view(source, message));
                }
            }
        }
        return new Listing(topics, total, limit, messages.size(), messages.size() < total, messages);
    }

    /** One unresolved message. */
    public DeadLetterView get(String topic, String messageId) {
        Found found = find(topic, messageId);
        return view(found.source(), found.message());
    }

    /**
     * Publishes the parked bytes to the origin topic (same key, the original properties without the dead-letter ones,
     * plus {@value #REPLAYED_FROM} and {@value #REPLAYED_AT}), waits for the broker's acknowledgement, then resolves
     * the dead letter. Refused if the bytes do not decode under the origin topic's schema or lack the envelope header.
     */
    public Replayed replay(String topic, String messageId) {
        Found found = find(topic, messageId);
        DeadLetterSource source = found.source();
        Message<byte[]> message = found.message();
        Decoded decoded = decode(source, message.getData());
        if (!decoded.decodable()) {
            throw DeadLetterAdminException.notReplayable("Message " + messageId + " on " + source.deadLetterTopicShortName()
                    + " does not decode as a message of " + source.originTopicShortName() + " (" + decoded.error()
                    + "); replayed, it would only be parked again. Discard it with DELETE once you have dealt with it.");
        }
        String replayedFrom = source.deadLetterTopicShortName() + "/" + messageId;
        Instant replayedAt = Instant.now();
        MessageId published;
        try (Producer<byte[]> producer = pulsar.newProducer(Schema.AUTO_PRODUCE_BYTES(source.schema()))
                .topic(source.originTopic())
                .enableBatching(false)
                .sendTimeout((int) SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .create()) {
            TypedMessageBuilder<byte[]> builder = producer.newMessage()
                    .value(message.getData())
                    .properties(originalProperties(message))
                    .property(REPLAYED_FROM, replayedFrom)
                    .property(REPLAYED_AT, replayedAt.toString());
            if (message.hasKey()) {
                builder.key(message.getKey());
            }
            published = builder.send();
        }
        catch (PulsarClientException e) {
            throw DeadLetterAdminException.brokerUnavailable("Could not publish message " + messageId + " to "
                    + source.originTopicShortName() + "; it stays parked: " + e.getMessage(), e);
        }
        acknowledge(source, found.position());
        log.info("Replayed message {} of order {} from DLQ {} to topic {} (as {})", messageId, decoded.orderId(),
                source.deadLetterTopicShortName(), source.originTopicShortName(), published);
        return new Replayed(source.originTopicShortName(), published.toString(), replayedAt.toString(),
                view(source, message));
    }

    /** Resolves the dead letter without replaying it. */
    public DeadLetterView discard(String topic, String messageId, String who, String why) {
        Found found = find(topic, messageId);
        DeadLetterView view = view(found.source(), found.message());
        acknowledge(found.source(), found.position());
        log.warn("Discarded message {} from DLQ {} ({} of order {}, key {}, parked because: {}) at the request of {}{}",
                messageId, view.deadLetterTopic(), view.envelope() == null ? "undecodable message" : view.envelope().get("payloadType"),
                view.envelope() == null ? "unknown" : view.envelope().get("orderId"), view.key(), view.reason(), who,
                why == null || why.isBlank() ? "" : ": " + why);
        return view;
    }

    private Found find(String topic, String messageId) {
        DeadLetterSource source = source(topic);
        Position position = parseMessageId(messageId);
        PulsarAdmin admin = admin();
        String deadLetterTopic = source.deadLetterTopic();
        try {
            PersistentTopicInternalStats stats = admin.topics().getInternalStats(deadLetterTopic);
            CursorStats cursor = stats.cursors == null ? null : stats.cursors.get(DeadLetterPublisher.RETENTION_SUBSCRIPTION);
            Position last = Position.parse(stats.lastConfirmedEntry);
            boolean inLedgers = stats.ledgers != null
                    && stats.ledgers.stream().anyMatch(ledger -> ledger.ledgerId == position.ledgerId());
            if (cursor == null || last == null || position.compareTo(last) > 0 || !inLedgers) {
                throw noSuchMessage(source, messageId);
            }
            if (resolved(cursor, position)) {
                throw DeadLetterAdminException.notFound("Message " + messageId + " on " + source.deadLetterTopicShortName()
                        + " has already been replayed or discarded");
            }
            Message<byte[]> message = admin.topics().getMessageById(deadLetterTopic, position.ledgerId(), position.entryId());
            if (message == null) {
                throw noSuchMessage(source, messageId);
            }
            return new Found(source, position, message);
        }
        catch (PulsarAdminException.NotFoundException e) {
            throw noSuchMessage(source, messageId);
        }
        catch (PulsarAdminException e) {
            throw unavailable(e);
        }
    }

    private static DeadLetterAdminException noSuchMessage(DeadLetterSource source, String messageId) {
        return DeadLetterAdminException.notFound("No message " + messageId + " on " + source.deadLetterTopicShortName());
    }

    /** Whether the retention subscription has acknowledged the position (below its mark or in an acked range). */
    private static boolean resolved(CursorStats cursor, Position position) {
        Position markDeleted = Position.parse(cursor.markDeletePosition);
        if (markDeleted != null && position.compareTo(markDeleted) <= 0) {
            return true;
        }
        if (cursor.individuallyDeletedMessages != null) {
            Matcher range = DELETED_RANGE.matcher(cursor.individuallyDeletedMessages);
            while (range.find()) {
                Position after = new Position(Long.parseLong(range.group(1)), Long.parseLong(range.group(2)));
                Position upTo = new Position(Long.parseLong(range.group(3)), Long.parseLong(range.group(4)));
                if (position.compareTo(after) > 0 && position.compareTo(upTo) <= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private DeadLetterSource source(String topic) {
        Map<String, DeadLetterSource> sources = sources();
        DeadLetterSource source = null;
        try {
            source = sources.get(DeadLetterSource.fullName(topic));
        }
        catch (IllegalArgumentException e) {
            // not a topic name at all
        }
        if (source == null) {
            throw DeadLetterAdminException.notFound("'" + topic + "' is not a dead-letter topic of this service; its "
                    + "dead-letter topics are " + sources.values().stream().map(DeadLetterSource::deadLetterTopicShortName).toList());
        }
        return source;
    }

    private static Position parseMessageId(String messageId) {
        Matcher matcher = MESSAGE_ID.matcher(messageId);
        if (matcher.matches()) {
            try {
                return new Position(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)));
            }
            catch (NumberFormatException e) {
                // digits beyond a long (a ledger or entry id past 2^63-1): no such message can exist
            }
        }
        throw DeadLetterAdminException.badRequest("messageId must be ledgerId:entryId as the list shows it "
                + "(such as 12:0, each a number up to " + Long.MAX_VALUE + "), not '" + messageId + "'");
    }

    private long backlog(DeadLetterSource source) {
        try {
            SubscriptionStats subscription = admin().topics().getStats(source.deadLetterTopic()).getSubscriptions()
                    .get(DeadLetterPublisher.RETENTION_SUBSCRIPTION);
            return subscription == null ? 0 : subscription.getMsgBacklog();
        }
        catch (PulsarAdminException.NotFoundException e) {
            return 0; // nothing was ever parked for this subscription
        }
        catch (PulsarAdminException e) {
            throw unavailable(e);
        }
    }

    private List<Message<byte[]>> peek(DeadLetterSource source, int count) {
        try {
            return admin().topics().peekMessages(source.deadLetterTopic(), DeadLetterPublisher.RETENTION_SUBSCRIPTION, count);
        }
        catch (PulsarAdminException.NotFoundException e) {
            return List.of();
        }
        catch (PulsarAdminException e) {
            throw unavailable(e);
        }
    }

    /**
     * Acknowledges the message on the retention subscription and waits for the broker's receipt. The consumer gets
     * no messages (receiver queue 0), so the other unresolved ones stay where they are.
     */
    private void acknowledge(DeadLetterSource source, Position position) {
        try (Consumer<byte[]> consumer = pulsar.newConsumer(Schema.BYTES)
                .topic(source.deadLetterTopic())
                .subscriptionName(DeadLetterPublisher.RETENTION_SUBSCRIPTION)
                .subscriptionType(SubscriptionType.Shared)
                .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
                .receiverQueueSize(0)
                .acknowledgmentGroupTime(0, TimeUnit.MILLISECONDS)
                .isAckReceiptEnabled(true)
                .subscribe()) {
            consumer.acknowledge(new MessageIdImpl(position.ledgerId(), position.entryId(), -1));
        }
        catch (PulsarClientException e) {
            throw DeadLetterAdminException.brokerUnavailable("Could not acknowledge message " + position + " on "
                    + source.deadLetterTopicShortName() + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> originalProperties(Message<byte[]> message) {
        Map<String, String> properties = new TreeMap<>(message.getProperties());
        properties.remove(DeadLetterPublisher.REASON);
        properties.remove(DeadLetterPublisher.ORIGIN_TOPIC);
        properties.remove(DeadLetterPublisher.ORIGIN_MESSAGE_ID);
        properties.remove(REPLAYED_FROM);
        properties.remove(REPLAYED_AT);
        return properties;
    }

    private DeadLetterView view(DeadLetterSource source, Message<byte[]> message) {
        MessageIdAdv id = (MessageIdAdv) message.getMessageId();
        Map<String, String> properties = new TreeMap<>(message.getProperties());
        properties.remove(DeadLetterPublisher.REASON);
        properties.remove(DeadLetterPublisher.ORIGIN_TOPIC);
        properties.remove(DeadLetterPublisher.ORIGIN_MESSAGE_ID);
        byte[] data = message.getData();
        Decoded decoded = decode(source, data);
        return new DeadLetterView(source.deadLetterTopicShortName(), id.getLedgerId() + ":" + id.getEntryId(),
                message.hasKey() ? message.getKey() : null,
                message.getProperty(DeadLetterPublisher.ORIGIN_TOPIC),
                message.getProperty(DeadLetterPublisher.ORIGIN_MESSAGE_ID),
                message.getProperty(DeadLetterPublisher.REASON),
                message.getPublishTime() > 0 ? Instant.ofEpochMilli(message.getPublishTime()).toString() : null,
                properties, data.length, decoded.decodable(), decoded.envelope(),
                decoded.decodable() ? null : Base64.getEncoder().encodeToString(data), decoded.error());
    }

    /** As the inbox would: the listener's schema, then the envelope header. */
    private static Decoded decode(DeadLetterSource source, byte[] data) {
        if (source.schema() == null) {
            return Decoded.not("no schema is known for " + source.originTopicShortName());
        }
        try {
            Object value = source.schema().decode(data);
            if (value instanceof SpecificRecord envelope) {
                Inbox.checkEnvelope(envelope);
                return new Decoded(true, envelope(envelope), Envelopes.orderId(envelope), null);
            }
            return new Decoded(true, Map.of("value", String.valueOf(value)), null, null);
        }
        catch (RuntimeException e) {
            return Decoded.not(e.toString());
        }
    }

    private static Map<String, Object> envelope(SpecificRecord envelope) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", envelope.getSchema().getName());
        json.put("payloadType", Envelopes.type(envelope));
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) toJson(envelope);
        json.putAll(fields);
        return json;
    }

    /** An Avro value as plain JSON values: records as objects, strings, numbers, instants as ISO-8601. */
    private static Object toJson(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof IndexedRecord record) {
            Map<String, Object> json = new LinkedHashMap<>();
            record.getSchema().getFields().forEach(field -> json.put(field.name(), toJson(record.get(field.pos()))));
            return json;
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().map(DeadLetters::toJson).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> json = new LinkedHashMap<>();
            map.forEach((k, v) -> json.put(String.valueOf(k), toJson(v)));
            return json;
        }
        if (value instanceof ByteBuffer bytes) {
            byte[] copy = new byte[bytes.remaining()];
            bytes.duplicate().get(copy);
            return Base64.getEncoder().encodeToString(copy);
        }
        if (value instanceof TemporalAccessor) {
            return value.toString();
        }
        return value.toString();
    }

    private synchronized PulsarAdmin admin() {
        if (admin == null) {
            PulsarAdministration administration = administrations.getIfAvailable();
            if (administration == null) {
                throw DeadLetterAdminException.brokerUnavailable("No Pulsar admin client is configured "
                        + "(spring.pulsar.admin.service-url)", null);
            }
            try {
                admin = administration.createAdminClient();
            }
            catch (PulsarClientException e) {
                throw DeadLetterAdminException.brokerUnavailable("Cannot create a Pulsar admin client: " + e.getMessage(), e);
            }
        }
        return admin;
    }

    private static DeadLetterAdminException unavailable(PulsarAdminException e) {
        return DeadLetterAdminException.brokerUnavailable("The broker's admin API failed: " + e.getMessage(), e);
    }

    @Override
    public synchronized void destroy() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }

    /** A ledger position, as the broker's internal stats print it ({@code ledgerId:entryId}). */
    record Position(long ledgerId, long entryId) implements Comparable<Position> {

        static Position parse(String text) {
            if (text == null) {
                return null;
            }
            Matcher matcher = POSITION.matcher(text.trim());
            return matcher.matches() ? new Position(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2))) : null;
        }

        @Override
        public int compareTo(Position other) {
            int byLedger = Long.compare(ledgerId, other.ledgerId);
            return byLedger != 0 ? byLedger : Long.compare(entryId, other.entryId);
        }

        @Override
        public String toString() {
            return ledgerId + ":" + entryId;
        }
    }

    private record Found(DeadLetterSource source, Position position, Message<byte[]> message) {
    }

    private record Decoded(boolean decodable, Map<String, Object> envelope, String orderId, String error) {
        static Decoded not(String error) {
            return new Decoded(false, null, null, error);
        }
    }

    /** A dead-letter topic of this service and how many unresolved messages it holds. */
    public record TopicSummary(String topic, String originTopic, String subscription, long unresolved) {
    }

    /** The answer of {@code GET}: the service's dead-letter topics, and up to {@code limit} unresolved messages. */
    public record Listing(List<TopicSummary> topics, long unresolved, int limit, int count, boolean truncated,
            List<DeadLetterView> messages) {
    }

    /**
     * One parked message.
     *
     * @param deadLetterTopic short name, as the path takes it
     * @param messageId {@code ledgerId:entryId} on the dead-letter topic, as the path takes it
     * @param properties the message's properties except the three dead-letter ones, shown as fields
     * @param decodable whether it decodes under the origin topic's schema with a complete envelope header
     * @param envelope the decoded envelope ({@code type}, {@code payloadType}, {@code eventId}, {@code orderId},
     *        {@code stepId}, {@code occurredAt}, {@code schemaVersion}, {@code payload}); null if not decodable
     * @param payloadBase64 the raw bytes when not decodable
     * @param decodeError why it does not decode
     */
    public record DeadLetterView(String deadLetterTopic, String messageId, String key, String originTopic,
            String originMessageId, String reason, String publishTime, Map<String, String> properties, int size,
            boolean decodable, Map<String, Object> envelope, String payloadBase64, String decodeError) {
    }

    /** The answer of a replay. */
    public record Replayed(String replayedTo, String newMessageId, String replayedAt, DeadLetterView message) {
    }
}
