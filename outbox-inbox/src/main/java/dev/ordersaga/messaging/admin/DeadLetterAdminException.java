package dev.ordersaga.messaging.admin;

import org.springframework.http.HttpStatus;

/** Why an operator's request about a dead letter cannot be done; answered as problem+json with this status. */
public class DeadLetterAdminException extends RuntimeException {

    private final HttpStatus status;
    private final String title;

    DeadLetterAdminException(HttpStatus status, String title, String detail) {
        this(status, title, detail, null);
    }

    DeadLetterAdminException(HttpStatus status, String title, String detail, Throwable cause) {
        super(detail, cause);
        this.status = status;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    static DeadLetterAdminException badRequest(String detail) {
        return new DeadLetterAdminException(HttpStatus.BAD_REQUEST, "Bad request", detail);
    }

    static DeadLetterAdminException notFound(String detail) {
        return new DeadLetterAdminException(HttpStatus.NOT_FOUND, "Not found", detail);
    }

    static DeadLetterAdminException notReplayable(String detail) {
        return new DeadLetterAdminException(HttpStatus.UNPROCESSABLE_CONTENT, "Not replayable", detail);
    }

    static DeadLetterAdminException brokerUnavailable(String detail, Throwable cause) {
        return new DeadLetterAdminException(HttpStatus.SERVICE_UNAVAILABLE, "Broker unavailable", detail, cause);
    }
}
