package dev.ordersaga.messaging.inbox;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.pulsar.config.PulsarListenerEndpointRegistry;
import org.springframework.pulsar.config.StartupFailurePolicy;

/**
 * Two settings of every {@code @PulsarListener} container, applied just before they start:
 * <ul>
 * <li>A broker that is down when a service starts must not stop it: each container keeps trying to
 * subscribe in the background (1 s doubling to 30 s, without end) while the HTTP API, the health endpoint
 * and the outbox relay (which retries on its own) run.</li>
 * <li>Each receive returns as soon as one message is there. The container receives in batches, and a batch
 * policy with no message limit waits for its 100 ms timeout, which would add up to 100 ms to every saga
 * step.</li>
 * </ul>
 *
 * <p>Set on the containers themselves, just before the registry starts them: Spring for Apache Pulsar 2.0.x
 * does not copy a startup failure policy from the container factory to the containers it creates
 * (spring-pulsar issue 1505), so a {@code PulsarContainerFactoryCustomizer} has no effect. The registry is
 * looked up, not injected: a lifecycle bean's dependencies are started before it.
 */
public class ListenerContainerSettings implements SmartLifecycle {

    private final ObjectProvider<PulsarListenerEndpointRegistry> registries;
    private volatile boolean running;

    public ListenerContainerSettings(ObjectProvider<PulsarListenerEndpointRegistry> registries) {
        this.registries = registries;
    }

    @Override
    public void start() {
        PulsarListenerEndpointRegistry registry = registries.getIfAvailable();
        if (registry != null) {
            registry.getListenerContainers().forEach(container -> {
                var properties = container.getContainerProperties();
                properties.setStartupFailureRetryTemplate(new RetryTemplate(RetryPolicy.builder()
                        .maxRetries(Long.MAX_VALUE)
                        .delay(Duration.ofSeconds(1))
                        .multiplier(2)
                        .maxDelay(Duration.ofSeconds(30))
                        .build()));
                properties.setStartupFailurePolicy(StartupFailurePolicy.RETRY);
                if (!properties.isBatchListener()) {
                    properties.setMaxNumMessages(1);
                }
            });
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Just before the registry, which starts the containers. */
    @Override
    public int getPhase() {
        PulsarListenerEndpointRegistry registry = registries.getIfAvailable();
        return registry == null ? 0 : registry.getPhase() - 1;
    }
}
