package dev.ordersaga.messaging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the outbox relay and the inbox ({@code messaging.*}; environment variables such as
 * {@code MESSAGING_RELAY_BATCH_SIZE}).
 */
@ConfigurationProperties("messaging")
public class MessagingProperties {

    private final Relay relay = new Relay();
    private final Inbox inbox = new Inbox();
    private final Housekeeping housekeeping = new Housekeeping();
    private final Admin admin = new Admin();

    public Relay getRelay() {
        return relay;
    }

    public Inbox getInbox() {
        return inbox;
    }

    public Housekeeping getHousekeeping() {
        return housekeeping;
    }

    public Admin getAdmin() {
        return admin;
    }

    public static class Relay {
        /** Whether this instance runs a relay (several instances may). */
        private boolean enabled = true;
        /** Rows claimed per database transaction. */
        private int batchSize = 200;
        /** Longest wait between two looks at the outbox when no notification arrives. */
        private Duration pollInterval = Duration.ofMillis(500);
        /** Whether commits wake the relay through PostgreSQL LISTEN/NOTIFY. */
        private boolean listenNotify = true;
        /**
         * Whether a full batch is followed at once by the next one (a backlog drains back to back). {@code false}
         * waits for a notification or the poll interval after every batch, like the original prototype's relay
         * (the benchmark's baseline); not meant for production.
         */
        private boolean drainBacklog = true;
        /** How long to wait for the broker's acknowledgement of a batch. */
        private Duration sendTimeout = Duration.ofSeconds(10);
        /** First retry delay of a row that failed to publish; doubles up to maxBackoff. */
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(30);

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public int getBatchSize() { return batchSize; }
        public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
        public Duration getPollInterval() { return pollInterval; }
        public void setPollInterval(Duration pollInterval) { this.pollInterval = pollInterval; }
        public boolean isListenNotify() { return listenNotify; }
        public void setListenNotify(boolean listenNotify) { this.listenNotify = listenNotify; }
        public boolean isDrainBacklog() { return drainBacklog; }
        public void setDrainBacklog(boolean drainBacklog) { this.drainBacklog = drainBacklog; }
        public Duration getSendTimeout() { return sendTimeout; }
        public void setSendTimeout(Duration sendTimeout) { this.sendTimeout = sendTimeout; }
        public Duration getInitialBackoff() { return initialBackoff; }
        public void setInitialBackoff(Duration initialBackoff) { this.initialBackoff = initialBackoff; }
        public Duration getMaxBackoff() { return maxBackoff; }
        public void setMaxBackoff(Duration maxBackoff) { this.maxBackoff = maxBackoff; }
    }

    public static class Inbox {
        /** Redeliveries of a message whose handler fails before it is parked on the dead-letter topic. */
        private int maxRedeliveries = 5;
        /** Negative-ack backoff: first delay, doubling up to the maximum. */
        private Duration minRedeliveryDelay = Duration.ofSeconds(1);
        private Duration maxRedeliveryDelay = Duration.ofSeconds(30);

        public int getMaxRedeliveries() { return maxRedeliveries; }
        public void setMaxRedeliveries(int maxRedeliveries) { this.maxRedeliveries = maxRedeliveries; }
        public Duration getMinRedeliveryDelay() { return minRedeliveryDelay; }
        public void setMinRedeliveryDelay(Duration minRedeliveryDelay) { this.minRedeliveryDelay = minRedeliveryDelay; }
        public Duration getMaxRedeliveryDelay() { return maxRedeliveryDelay; }
        public void setMaxRedeliveryDelay(Duration maxRedeliveryDelay) { this.maxRedeliveryDelay = maxRedeliveryDelay; }
    }

    public static class Housekeeping {
        /** Whether this instance deletes old rows (any number of instances may). */
        private boolean enabled = true;
        /** How long SENT outbox rows are kept (for inspection) before they are deleted. */
        private Duration sentOutboxRetention = Duration.ofDays(7);
        /** How long processed_events rows are kept: longer than any redelivery can arrive. */
        private Duration processedEventRetention = Duration.ofDays(14);
        /** Rows per DELETE statement. */
        private int batchSize = 1000;
        /** Time between two passes. */
        private Duration interval = Duration.ofMinutes(5);

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public Duration getSentOutboxRetention() { return sentOutboxRetention; }
        public void setSentOutboxRetention(Duration sentOutboxRetention) { this.sentOutboxRetention = sentOutboxRetention; }
        public Duration getProcessedEventRetention() { return processedEventRetention; }
        public void setProcessedEventRetention(Duration processedEventRetention) { this.processedEventRetention = processedEventRetention; }
        public int getBatchSize() { return batchSize; }
        public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
        public Duration getInterval() { return interval; }
        public void setInterval(Duration interval) { this.interval = interval; }
    }

    /** The operator API for dead-lettered messages (list, replay, discard), in servlet web applications. */
    public static class Admin {
        /** Whether the service serves the dead-letter admin API. */
        private boolean enabled = true;
        /** Where: {@code GET <base-path>}, {@code POST <base-path>/{topic}/{messageId}/replay}, ... */
        private String basePath = "/admin/dead-letters";

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public String getBasePath() { return basePath; }
        public void setBasePath(String basePath) { this.basePath = basePath; }
    }
}
