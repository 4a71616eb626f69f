package dev.ordersaga.deadletteradmin;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.SubscriptionType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.pulsar.annotation.PulsarListener;
import org.springframework.stereotype.Component;

import dev.ordersaga.contracts.InventoryCommand;
import dev.ordersaga.messaging.inbox.Inbox;

/**
 * Consumes {@value #TOPIC} through the inbox, like a service's listener. Its handler records an effect row, and
 * fails (rolling back) for the orders a test has marked failing until the test heals them.
 */
@Component
public class FlakyListener {

    public static final String TOPIC = "admin-test.commands";
    public static final String SUBSCRIPTION = "admin-test";

    private final Inbox inbox;
    private final JdbcTemplate jdbc;
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    /** The properties of the last delivery of each key. */
    private final Map<String, Map<String, String>> lastProperties = new ConcurrentHashMap<>();

    public FlakyListener(Inbox inbox, DataSource dataSource) {
        this.inbox = inbox;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @PulsarListener(topics = TOPIC, subscriptionName = SUBSCRIPTION, subscriptionType = SubscriptionType.Key_Shared)
    void onCommand(Message<InventoryCommand> message) throws PulsarClientException {
        if (message.hasKey()) {
            lastProperties.put(message.getKey(), Map.copyOf(message.getProperties()));
        }
        inbox.receive(SUBSCRIPTION, message, this::handle);
    }

    private void handle(InventoryCommand command) {
        jdbc.update("INSERT INTO admin_test_effects (event_id, order_id) VALUES (?, ?)", command.getEventId(),
                command.getOrderId());
        if (failing.contains(command.getOrderId())) {
            throw new IllegalStateException("simulated outage for order " + command.getOrderId());
        }
    }

    /** After Flyway has run (a table made before it would stop its first migration of an empty database). */
    public void createEffectsTable() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS admin_test_effects (event_id TEXT NOT NULL, order_id TEXT NOT NULL)");
    }

    public void failFor(String orderId) {
        failing.add(orderId);
    }

    public void heal(String orderId) {
        failing.remove(orderId);
    }

    public Map<String, String> lastProperties(String key) {
        return lastProperties.get(key);
    }

    public int effects(String eventId) {
        return jdbc.queryForObject("SELECT count(*) FROM admin_test_effects WHERE event_id = ?", Integer.class, eventId);
    }
}
