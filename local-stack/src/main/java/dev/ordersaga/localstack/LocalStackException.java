package dev.ordersaga.localstack;

/** Something could not be started or stopped; the message says what and, where useful, quotes the log. */
public class LocalStackException extends RuntimeException {

    public LocalStackException(String message) {
        super(message);
    }

    public LocalStackException(String message, Throwable cause) {
        super(message, cause);
    }
}
