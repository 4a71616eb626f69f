package dev.ordersaga.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import dev.ordersaga.localstack.LocalStack;

/**
 * Keeps the benchmark working: runs it in quick mode against its own stack and checks the structure of what it
 * wrote (every section, counts above zero, outcomes as the mix implies, a PNG that decodes). No timing assertions:
 * the figures depend on the machine.
 */
class BenchQuickIT {

    @Test
    @SuppressWarnings("unchecked")
    void quickRunWritesEverySection() throws Exception {
        Path root = LocalStack.findProjectRoot();
        Path out = root.resolve("bench").resolve("target").resolve("bench-quick-it");
        Benchmark.Result result = new Benchmark(root, BenchConfig.quickMode()).run(out);
        System.out.println(result.table());

        assertThat(result.jsonFile()).isRegularFile();
        String written = Files.readString(result.jsonFile());
        for (String section : List.of("\"limits\"", "\"broker\"", "\"database\"", "\"bound\"", "\"relay\"", "\"product\"",
                "\"baseline\"", "\"e2e\"", "\"targets\"", "\"peak_rss_mib_during_e2e\"")) {
            assertThat(written).contains(section);
        }
        Map<String, Object> json = result.json();
        Map<String, Object> limits = (Map<String, Object>) json.get("limits");
        Map<String, Object> broker = (Map<String, Object>) limits.get("broker");
        assertThat(number(broker, "produce_alone", "msg_per_s")).isPositive();
        assertThat(number(broker, "produce_with_key_shared_consumer", "msg_per_s")).isPositive();
        assertThat(number(broker, "consume_key_shared", "msg_per_s")).isPositive();
        assertThat(number(limits, "database", "tx_per_s")).isPositive();
        assertThat(number(limits, "bound", "bound_sagas_per_s")).isPositive();

        Map<String, Object> relay = (Map<String, Object>) json.get("relay");
        for (String mode : List.of("product", "baseline")) {
            Map<String, Object> m = (Map<String, Object>) relay.get(mode);
            List<Map<String, Object>> steps = (List<Map<String, Object>>) m.get("fixed_rates");
            assertThat(steps).isNotEmpty();
            for (Map<String, Object> step : steps) {
                assertThat(((Number) step.get("rows")).intValue()).isPositive();
                assertThat(number(step, "commit_to_ack", "samples")).isPositive();
            }
            assertThat(number(m, "saturation", "acknowledged_rows_per_s")).isPositive();
        }

        Map<String, Object> e2e = (Map<String, Object>) json.get("e2e");
        List<Map<String, Object>> steps = (List<Map<String, Object>>) e2e.get("steps");
        assertThat(steps).anyMatch(s -> Boolean.TRUE.equals(s.get("saturation")));
        assertThat(steps).anyMatch(s -> Boolean.FALSE.equals(s.get("saturation")));
        for (Map<String, Object> step : steps) {
            assertThat(((Number) step.get("orders_sent")).intValue()).isPositive();
            Map<String, Integer> outcomes = (Map<String, Integer>) step.get("outcomes");
            assertThat(outcomes.values().stream().mapToInt(Integer::intValue).sum()).isPositive();
            // rejected and compensated orders are the mix, not errors; an order ending otherwise than its kind is
            assertThat(((Number) step.get("unexpected_outcomes")).intValue()).as("outcomes against the mix").isZero();
            if (Boolean.FALSE.equals(step.get("saturation"))) {
                assertThat(((Number) step.get("http_errors")).intValue()).as("HTTP errors below saturation").isZero();
                assertThat(number(step, "placement_to_terminal", "samples")).isPositive();
            }
        }
        Map<String, Object> memory = (Map<String, Object>) e2e.get("peak_rss_mib_during_e2e");
        assertThat(memory).containsKeys(LocalStack.BFF_SERVICE, LocalStack.ORDER_SAGA_SERVICE,
                LocalStack.INVENTORY_SERVICE, LocalStack.PAYMENT_SERVICE, "pulsar-broker");
        memory.values().forEach(v -> assertThat(((Number) v).doubleValue()).isPositive());
        assertThat((List<?>) json.get("targets")).isNotEmpty();

        BufferedImage plot = ImageIO.read(result.plotFile().toFile());
        assertThat(plot).isNotNull();
        assertThat(plot.getWidth()).isPositive();
        assertThat(plot.getHeight()).isPositive();
    }

    @SuppressWarnings("unchecked")
    private static double number(Map<String, Object> parent, String child, String key) {
        return ((Number) ((Map<String, Object>) parent.get(child)).get(key)).doubleValue();
    }
}
