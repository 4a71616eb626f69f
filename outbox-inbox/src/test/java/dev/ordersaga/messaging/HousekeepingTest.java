package dev.ordersaga.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Old SENT outbox rows and old processed_events go; everything else stays. */
@SpringBootTest(classes = TestApplication.class)
class HousekeepingTest {

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack.register(registry);
    }

    @Autowired
    DataSource dataSource;

    JdbcTemplate jdbc;
    Housekeeping housekeeping;

    @BeforeEach
    void clean() {
        jdbc = new JdbcTemplate(dataSource);
        jdbc.update("DELETE FROM outbox");
        jdbc.update("DELETE FROM processed_events");
        MessagingProperties.Housekeeping settings = new MessagingProperties.Housekeeping();
        settings.setSentOutboxRetention(Duration.ofDays(7));
        settings.setProcessedEventRetention(Duration.ofDays(14));
        settings.setBatchSize(3); // several batches for the rows below
        housekeeping = new Housekeeping(dataSource, settings);
    }

    @Test
    void deletesOnlySentOutboxRowsAndProcessedEventsPastTheirRetention() {
        for (int i = 0; i < 7; i++) {
            outboxRow("SENT", "8 days");
            processedEvent("15 days");
        }
        outboxRow("SENT", "6 days");
        outboxRow("PENDING", "30 days");
        outboxRow("FAILED", "30 days");
        processedEvent("13 days");

        int deleted = housekeeping.runOnce();

        assertThat(deleted).isEqualTo(14);
        assertThat(jdbc.queryForList("SELECT status FROM outbox ORDER BY id", String.class))
                .containsExactly("SENT", "PENDING", "FAILED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM processed_events", Integer.class)).isEqualTo(1);
        assertThat(housekeeping.runOnce()).isZero();
    }

    private void outboxRow(String status, String age) {
        jdbc.update("""
                INSERT INTO outbox (aggregate_id, event_id, event_type, topic, payload, status, created_at, sent_at)
                VALUES ('order-1', ?, 'StockReserved', 'inventory.events', '\\x00'::bytea, ?,
                        now() - ?::interval, CASE WHEN ? = 'SENT' THEN now() - ?::interval END)""",
                UUID.randomUUID(), status, age, status, age);
    }

    private void processedEvent(String age) {
        jdbc.update("""
                INSERT INTO processed_events (consumer, event_id, topic, message_id, processed_at)
                VALUES ('test', ?, 'inventory.events', '1:1:-1', now() - ?::interval)""", UUID.randomUUID(), age);
    }
}
