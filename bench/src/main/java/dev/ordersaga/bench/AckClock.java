package dev.ordersaga.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.ProducerBuilder;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.TypedMessageBuilder;

/**
 * A {@link PulsarClient} handed to the real {@code OutboxRelay} that records when the broker acknowledged each
 * message: the moment the future of {@code sendAsync()} completes successfully (the client's callback on the
 * broker's send receipt), keyed by the message's {@code eventId} property, on {@link System#nanoTime()}, the same
 * clock the writers use for their commit times. It changes nothing else, except the namespace: topics are moved from
 * {@code public/default} to {@code public/bench} so that the running services do not consume the bench's rows.
 */
final class AckClock {

    private final Map<String, Long> ackNanos = new ConcurrentHashMap<>();
    private final String namespace;

    AckClock(String namespace) {
        this.namespace = namespace;
    }

    /** Nanos of the acknowledgement of this event, or null if not (yet) acknowledged. */
    Long ackNanos(String eventId) {
        return ackNanos.get(eventId);
    }

    int acknowledged() {
        return ackNanos.size();
    }

    void clear() {
        ackNanos.clear();
    }

    PulsarClient wrap(PulsarClient client) {
        return proxyOf(PulsarClient.class, client, (target, method, args) -> {
            Object result = invoke(target, method, args);
            return result instanceof ProducerBuilder<?> builder ? wrapBuilder(builder) : result;
        });
    }

    private ProducerBuilder<?> wrapBuilder(ProducerBuilder<?> builder) {
        return proxy(ProducerBuilder.class, builder, new InvocationHandler() {
            @Override
            public Object invoke(Object self, Method method, Object[] args) throws Throwable {
                if (method.getName().equals("topic") && args != null && args.length == 1 && args[0] instanceof String[] names) {
                    String[] moved = new String[names.length];
                    for (int i = 0; i < names.length; i++) {
                        moved[i] = "persistent://" + namespace + "/" + names[i].substring(names[i].lastIndexOf('/') + 1);
                    }
                    args = new Object[] { moved };
                }
                Object result = AckClock.invoke(builder, method, args);
                if (result == builder) {
                    return self;
                }
                if (result instanceof CompletableFuture<?> future && method.getName().equals("createAsync")) {
                    return future.thenApply(p -> wrapProducer((Producer<?>) p));
                }
                if (result instanceof Producer<?> producer) {
                    return wrapProducer(producer);
                }
                return result;
            }
        });
    }

    private Producer<?> wrapProducer(Producer<?> producer) {
        return proxyOf(Producer.class, producer, (target, method, args) -> {
            Object result = invoke(target, method, args);
            return result instanceof TypedMessageBuilder<?> message ? wrapMessage(message) : result;
        });
    }

    private TypedMessageBuilder<?> wrapMessage(TypedMessageBuilder<?> message) {
        String[] eventId = new String[1];
        return proxy(TypedMessageBuilder.class, message, new InvocationHandler() {
            @Override
            public Object invoke(Object self, Method method, Object[] args) throws Throwable {
                if (method.getName().equals("property") && args.length == 2 && "eventId".equals(args[0])) {
                    eventId[0] = (String) args[1];
                }
                Object result = AckClock.invoke(message, method, args);
                if (result == message) {
                    return self;
                }
                if (method.getName().equals("sendAsync") && result instanceof CompletableFuture<?> future) {
                    String id = eventId[0];
                    return future.whenComplete((messageId, error) -> {
                        if (error == null && id != null) {
                            ackNanos.putIfAbsent(id, System.nanoTime());
                        }
                    });
                }
                return result;
            }
        });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        }
        catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxyOf(Class<?> type, Object target, Handler handler) {
        return (T) Proxy.newProxyInstance(AckClock.class.getClassLoader(), new Class<?>[] { type },
                (self, method, args) -> handler.handle(target, method, args));
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<?> type, Object target, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(AckClock.class.getClassLoader(), new Class<?>[] { type }, handler);
    }

    @FunctionalInterface
    private interface Handler {
        Object handle(Object target, Method method, Object[] args) throws Throwable;
    }
}
