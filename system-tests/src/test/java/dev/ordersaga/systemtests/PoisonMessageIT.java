package dev.ordersaga.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.pulsar.client.api.Message;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.ordersaga.contracts.Topic;
import dev.ordersaga.systemtests.support.Bff;
import dev.ordersaga.systemtests.support.Bff.Line;
import dev.ordersaga.systemtests.support.Broker;
import dev.ordersaga.systemtests.support.SystemTest;
import dev.ordersaga.systemtests.support.TestData;

/** A message no one can read is parked on the dead-letter topic; it does not stop the orders behind it. */
@SystemTest
class PoisonMessageIT {

    static final String DEAD_LETTER_TOPIC = "persistent://public/default/inventory.commands-inventory-service-DLQ";

    @Test
    void aPoisonMessageIsParkedAndOrdersKeepFlowing() {
        String key = "poison-" + TestData.shortId();
        byte[] garbage = ("garbage, not an Avro InventoryCommand " + key).getBytes(StandardCharsets.UTF_8);
        Broker.publishBytes(Topic.INVENTORY_COMMANDS.fullName(), key, garbage);

        String sku = TestData.newProduct(4);
        String customer = TestData.newCustomer(10_000);
        Bff.Placed placed = Bff.place(customer, new BigDecimal("2.50"), new Line(sku, 1));
        JsonNode order = Bff.awaitTerminal(placed.orderId());
        assertThat(order.path("status").asString()).as("%s", order).isEqualTo("COMPLETED");

        AtomicReference<Message<byte[]>> parked = new AtomicReference<>();
        await("the garbage on " + DEAD_LETTER_TOPIC).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    List<Message<byte[]>> messages = Broker.readAll(DEAD_LETTER_TOPIC);
                    messages.stream().filter(m -> Arrays.equals(m.getData(), garbage)).findFirst()
                            .ifPresent(parked::set);
                    return parked.get() != null;
                });
        Message<byte[]> message = parked.get();
        assertThat(message.getKey()).isEqualTo(key);
        assertThat(message.getProperty("DLQ_REASON")).as("DLQ_REASON").isNotBlank();
        assertThat(message.getProperty("ORIGIN_TOPIC")).contains(Topic.INVENTORY_COMMANDS.topicName());
    }
}
