package dev.ordersaga.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** Polls an HTTP endpoint until it answers 200 with an acceptable body. */
final class Health {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    /** Spring Boot actuator: 200 and "status":"UP". */
    static final Predicate<String> STATUS_UP = body -> body.replace(" ", "").contains("\"status\":\"UP\"");

    private Health() {
    }

    enum Outcome { HEALTHY, PROCESS_EXITED, TIMED_OUT }

    /**
     * Waits until {@code url} answers 200 with a body accepted by {@code bodyOk}.
     *
     * @param alive checked on every round; when it turns false the wait ends at once (the process died)
     */
    static Outcome await(URI url, Predicate<String> bodyOk, Duration timeout, BooleanSupplier alive)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET().build();
        while (true) {
            if (!alive.getAsBoolean()) {
                return Outcome.PROCESS_EXITED;
            }
            if (check(request, bodyOk)) {
                return Outcome.HEALTHY;
            }
            if (System.nanoTime() > deadline) {
                return Outcome.TIMED_OUT;
            }
            Thread.sleep(250);
        }
    }

    static boolean isHealthy(URI url, Predicate<String> bodyOk) {
        try {
            return check(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).GET().build(), bodyOk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean check(HttpRequest request, Predicate<String> bodyOk) throws InterruptedException {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && bodyOk.test(response.body());
        } catch (java.io.IOException notYet) {
            return false;
        }
    }
}
