package dev.ordersaga.bff.web;

/**
 * One entry of the {@code errors} array of a 400 problem: the JSON path of the offending field
 * ({@code items[0].qty}; {@code body} when the body as a whole is wrong) and what is wrong with it.
 */
public record InvalidField(String field, String message) {
}
