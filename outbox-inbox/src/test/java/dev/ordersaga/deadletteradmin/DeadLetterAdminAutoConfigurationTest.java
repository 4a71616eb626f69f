package dev.ordersaga.deadletteradmin;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import dev.ordersaga.messaging.admin.DeadLetterAdminAutoConfiguration;
import dev.ordersaga.messaging.admin.DeadLetterController;

/** The admin API is there in a servlet web application, unless switched off; never in a non-web application. */
class DeadLetterAdminAutoConfigurationTest {

    @Test
    void aServletWebApplicationServesTheAdminApi() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DeadLetterAdminAutoConfiguration.class))
                .withBean(PulsarClient.class, DeadLetterAdminAutoConfigurationTest::client)
                .run(context -> assertThat(context).hasSingleBean(DeadLetterController.class));
    }

    @Test
    void messagingAdminEnabledFalseSwitchesItOff() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DeadLetterAdminAutoConfiguration.class))
                .withBean(PulsarClient.class, DeadLetterAdminAutoConfigurationTest::client)
                .withPropertyValues("messaging.admin.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(DeadLetterController.class));
    }

    @Test
    void aNonWebApplicationHasNoAdminApi() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DeadLetterAdminAutoConfiguration.class))
                .withBean(PulsarClient.class, DeadLetterAdminAutoConfigurationTest::client)
                .run(context -> assertThat(context).doesNotHaveBean(DeadLetterController.class));
    }

    /** A real client; it connects only when used, which these tests do not. */
    static PulsarClient client() {
        try {
            return PulsarClient.builder().serviceUrl("pulsar://localhost:6650").build();
        }
        catch (PulsarClientException e) {
            throw new IllegalStateException(e);
        }
    }
}
