package dev.ordersaga.messaging.admin;

import org.apache.pulsar.client.api.PulsarClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.pulsar.autoconfigure.PulsarAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.pulsar.config.PulsarListenerEndpointRegistry;
import org.springframework.pulsar.core.PulsarAdministration;

import dev.ordersaga.messaging.MessagingAutoConfiguration;

/**
 * The dead-letter admin API of every messaging service: on in a servlet web application unless
 * {@code messaging.admin.enabled=false}, at {@code messaging.admin.base-path} (default {@code /admin/dead-letters}).
 */
@AutoConfiguration(after = { PulsarAutoConfiguration.class, MessagingAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
@ConditionalOnProperty(name = "messaging.admin.enabled", matchIfMissing = true)
public class DeadLetterAdminAutoConfiguration {

    @Bean
    DeadLetters deadLetters(PulsarClient pulsarClient, ObjectProvider<PulsarAdministration> administrations,
            ObjectProvider<PulsarListenerEndpointRegistry> registries) {
        return new DeadLetters(pulsarClient, administrations, registries);
    }

    @Bean
    DeadLetterController deadLetterController(DeadLetters deadLetters) {
        return new DeadLetterController(deadLetters);
    }
}
