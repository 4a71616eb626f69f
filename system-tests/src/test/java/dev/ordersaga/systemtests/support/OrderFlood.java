package dev.ordersaga.systemtests.support;

import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Places orders at a steady pace, as many clients at once would, each with an Idempotency-Key of its own. A placement
 * that gets no answer (the BFF is down, the connection drops) or a 5xx (the BFF cannot reach the order service) is
 * sent again with the same key after a short pause until it is accepted, so a crash anywhere never loses or doubles an
 * order. A 4xx is a test failure at once.
 */
public final class OrderFlood {

    private static final int PER_SECOND = 200;
    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "order-flood");
        thread.setDaemon(true);
        return thread;
    });
    private final List<CompletableFuture<String>> placements = new ArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Set<String> retriedKeys = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> failures = new ConcurrentSkipListMap<>();
    private final long deadlineNanos;
    private final Duration patience;

    private OrderFlood(Duration patience) {
        this.patience = patience;
        this.deadlineNanos = System.nanoTime() + patience.toNanos();
    }

    /** Starts placing {@code count} orders with this body; returns at once. */
    public static OrderFlood start(int count, String body, Duration patience) {
        OrderFlood flood = new OrderFlood(patience);
        for (int i = 0; i < count; i++) {
            CompletableFuture<String> orderId = new CompletableFuture<>();
            flood.placements.add(orderId);
            String key = UUID.randomUUID().toString();
            flood.timer.schedule(() -> flood.place(key, body, orderId), i * 1000L / PER_SECOND, TimeUnit.MILLISECONDS);
        }
        return flood;
    }

    public void awaitAccepted(int count) {
        await("%d orders accepted".formatted(count)).atMost(patience).pollInterval(Duration.ofMillis(50))
                .until(() -> accepted.get() >= count || placements.stream().anyMatch(CompletableFuture::isCompletedExceptionally));
    }

    /** The id of every order, in the order they were sent; fails if one was refused or never accepted. */
    public List<String> awaitAll() {
        try {
            return placements.stream().map(CompletableFuture::join).toList();
        }
        finally {
            timer.shutdownNow();
        }
    }

    /** Placements that had to be sent again, and what the failed attempts got, e.g. {@code {503=12, ConnectException=40}}. */
    public String retries() {
        return retriedKeys.size() + " placements retried " + failures;
    }

    private void place(String key, String body, CompletableFuture<String> orderId) {
        HttpRequest request = Bff.postRequest(body, key);
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            if (response != null && response.statusCode() == 202) {
                accepted.incrementAndGet();
                orderId.complete(Http.JSON.readTree(response.body()).path("orderId").asString());
            }
            else if (response != null && response.statusCode() < 500) {
                orderId.completeExceptionally(new AssertionError("placement " + key + " refused: "
                        + response.statusCode() + " " + response.body()));
            }
            else if (System.nanoTime() > deadlineNanos) {
                orderId.completeExceptionally(new AssertionError("placement " + key + " not accepted within " + patience
                        + "; last answer: " + (response != null ? response.statusCode() + " " + response.body() : failure)));
            }
            else {
                retriedKeys.add(key);
                String failed = response != null ? String.valueOf(response.statusCode())
                        : rootCause(failure).getClass().getSimpleName();
                failures.computeIfAbsent(failed, k -> new AtomicInteger()).incrementAndGet();
                timer.schedule(() -> place(key, body, orderId), RETRY_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
