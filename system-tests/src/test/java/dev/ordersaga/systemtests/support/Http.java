package dev.ordersaga.systemtests.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON over java.net.http. */
public final class Http {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Http() {
    }

    public static Response get(URI uri) {
        return send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json").GET().build());
    }

    public static Response postJson(URI uri, String body) {
        return send(postRequest(uri, body));
    }

    static HttpRequest postRequest(URI uri, String body) {
        return HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    static Response send(HttpRequest request) {
        try {
            return Response.of(request, SystemStack.http().send(request, HttpResponse.BodyHandlers.ofString()));
        }
        catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What came back. */
    public record Response(String method, URI uri, int status, String contentType, Optional<String> location,
            String body) {

        static Response of(HttpRequest request, HttpResponse<String> response) {
            return new Response(request.method(), request.uri(), response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Location"), response.body());
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public boolean isProblem() {
            return contentType.startsWith("application/problem+json");
        }

        @Override
        public String toString() {
            return method + " " + uri + " -> " + status + " " + contentType + " " + body;
        }
    }
}
