package dev.ordersaga.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.ordersaga.contracts.Topic;
import dev.ordersaga.systemtests.support.Broker;
import dev.ordersaga.systemtests.support.Broker.CliResult;
import dev.ordersaga.systemtests.support.Http;
import dev.ordersaga.systemtests.support.SystemStack;
import dev.ordersaga.systemtests.support.SystemTest;

/** What an operator sees with the distribution's pulsar-admin (and the admin REST API behind it). */
@SystemTest
class PulsarAdminIT {

    @Test
    void topicsAndAvroSchemasAreVisibleWithPulsarAdmin() {
        CliResult topics = Broker.pulsarAdmin("topics", "list", Topic.NAMESPACE);

        assertThat(topics.exitCode()).as("%s", topics).isZero();
        assertThat(topics.output().lines().map(String::trim)).as("%s", topics).contains(
                "persistent://public/default/inventory.commands",
                "persistent://public/default/inventory.events",
                "persistent://public/default/payment.commands",
                "persistent://public/default/payment.events");

        CliResult schema = Broker.pulsarAdmin("schemas", "get", "persistent://public/default/inventory.commands");

        assertThat(schema.exitCode()).as("%s", schema).isZero();
        assertThat(schema.output()).as("%s", schema).containsPattern("\"type\"\\s*:\\s*\"AVRO\"");
        JsonNode info = Http.JSON.readTree(schema.output()).path("schemaInfo");
        assertThat(info.path("type").asString()).as("%s", schema).isEqualTo("AVRO");
        assertThat(info.path("schema").path("name").asString()).isEqualTo("InventoryCommand");
        assertThat(info.path("schema").path("namespace").asString()).isEqualTo("dev.ordersaga.contracts");
        // occurredAt is an Instant: every client must use JSR-310 conversion, and the first schema fixed it
        assertThat(info.path("properties").path("__jsr310ConversionEnabled").asString()).isEqualTo("true");

        // the other topics through the REST API pulsar-admin calls (each CLI start costs seconds)
        for (Topic topic : Topic.values()) {
            Http.Response response = Http.get(URI.create(SystemStack.get().pulsarAdminUrl() + "/admin/v2/schemas/"
                    + Topic.NAMESPACE + "/" + topic.topicName() + "/schema"));
            assertThat(response.status()).as("%s", response).isEqualTo(200);
            JsonNode topicSchema = response.json();
            assertThat(topicSchema.path("type").asString()).as("%s", response).isEqualTo("AVRO");
            JsonNode avro = Http.JSON.readTree(topicSchema.path("data").asString());
            assertThat(avro.path("namespace").asString() + "." + avro.path("name").asString())
                    .isEqualTo(topic.messageClass().getName());
            assertThat(topicSchema.path("properties").path("__jsr310ConversionEnabled").asString()).isEqualTo("true");
        }
    }
}
