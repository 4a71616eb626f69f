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

    public Relay getRelay() {
        return relay;
    }

    public Inbox getInbox() {
        return inbox;
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
}
