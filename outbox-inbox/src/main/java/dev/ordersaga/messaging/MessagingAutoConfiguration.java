package dev.ordersaga.messaging;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.apache.pulsar.client.impl.MultiplierRedeliveryBackoff;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.flywaydb.core.api.Location;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.pulsar.config.PulsarListenerEndpointRegistry;
import org.springframework.pulsar.core.ConsumerBuilderCustomizer;
import org.springframework.pulsar.core.DefaultSchemaResolver;
import org.springframework.pulsar.core.SchemaResolver.SchemaResolverCustomizer;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ordersaga.contracts.Topic;
import dev.ordersaga.messaging.inbox.DeadLetterPublisher;
import dev.ordersaga.messaging.inbox.Inbox;
import dev.ordersaga.messaging.inbox.ListenerContainerSettings;
import dev.ordersaga.messaging.outbox.OutboxRelay;
import dev.ordersaga.messaging.outbox.OutboxWriter;

/**
 * Everything a service needs to take part in the saga: Avro schema mappings, the outbox tables
 * (a Flyway location), the outbox writer and relay, the inbox and the dead-letter publisher.
 */
@AutoConfiguration
@EnableConfigurationProperties(MessagingProperties.class)
public class MessagingAutoConfiguration {

    /** Flyway location of the outbox and processed_events tables. */
    public static final String MIGRATIONS = "classpath:db/messaging";

    @Bean
    SchemaResolverCustomizer<DefaultSchemaResolver> envelopeSchemas() {
        return resolver -> Arrays.stream(Topic.values())
                .forEach(topic -> resolver.addCustomSchemaMapping(topic.messageClass(), MessageSchemas.of(topic)));
    }

    @Bean
    FlywayConfigurationCustomizer outboxInboxMigrations() {
        return flyway -> flyway.locations(Stream.concat(Arrays.stream(flyway.getLocations()).map(Location::toString),
                Stream.of(MIGRATIONS)).distinct().toArray(String[]::new));
    }

    /**
     * Failed handlers are negatively acknowledged and redelivered with exponential backoff; a new
     * subscription starts at the earliest message, so nothing published before a service first
     * subscribed is skipped.
     */
    @Bean
    ConsumerBuilderCustomizer<Object> inboxConsumers(MessagingProperties properties) {
        MessagingProperties.Inbox inbox = properties.getInbox();
        return builder -> builder
                .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
                .negativeAckRedeliveryBackoff(MultiplierRedeliveryBackoff.builder()
                        .minDelayMs(inbox.getMinRedeliveryDelay().toMillis())
                        .maxDelayMs(inbox.getMaxRedeliveryDelay().toMillis())
                        .multiplier(2)
                        .build());
    }

    @Bean
    ListenerContainerSettings listenerContainerSettings(ObjectProvider<PulsarListenerEndpointRegistry> registries) {
        return new ListenerContainerSettings(registries);
    }

    @Bean
    OutboxWriter outboxWriter(DataSource dataSource) {
        return new OutboxWriter(JdbcClient.create(dataSource));
    }

    @Bean
    OrderLocks orderLocks(DataSource dataSource) {
        return new OrderLocks(dataSource);
    }

    @Bean(destroyMethod = "close")
    DeadLetterPublisher deadLetterPublisher(PulsarClient pulsarClient) {
        return new DeadLetterPublisher(pulsarClient);
    }

    @Bean
    Inbox inbox(DataSource dataSource, PlatformTransactionManager transactionManager, DeadLetterPublisher deadLetters,
            MessagingProperties properties) {
        return new Inbox(JdbcClient.create(dataSource), new TransactionTemplate(transactionManager), deadLetters,
                properties.getInbox().getMaxRedeliveries());
    }

    @Bean
    @ConditionalOnProperty(name = "messaging.housekeeping.enabled", matchIfMissing = true)
    Housekeeping housekeeping(DataSource dataSource, MessagingProperties properties) {
        return new Housekeeping(dataSource, properties.getHousekeeping());
    }

    @Bean
    @ConditionalOnProperty(name = "messaging.relay.enabled", matchIfMissing = true)
    OutboxRelay outboxRelay(DataSource dataSource, PlatformTransactionManager transactionManager,
            PulsarClient pulsarClient, MessagingProperties properties,
            @Value("${spring.application.name:service}") String applicationName) {
        String instance = applicationName + "@" + ManagementFactory.getRuntimeMXBean().getName();
        return new OutboxRelay(dataSource, new TransactionTemplate(transactionManager), pulsarClient,
                properties.getRelay(), instance);
    }
}
