package dev.ordersaga.saga.application;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import dev.ordersaga.saga.domain.OrderLine;

/**
 * What identifies an order placed with an Idempotency-Key (orders.request_fingerprint): a repeat with the same key
 * must carry the same customer, amount and lines.
 *
 * <p>{@code v2:} + SHA-256 (hex) of the fields length-prefixed: each string as its UTF-8 length (4 bytes) and bytes,
 * the amount as 8 bytes, the number of lines, then each line's SKU and quantity. No two orders share the encoding.
 * The first format (until this class) hashed {@code customerId|amountCents|sku×qty...} without escaping, so
 * {@code "x|500", 700 cents, 1×A} and {@code "x", 500 cents, 1×"700|A"} had one fingerprint and the second placement
 * with the key of the first answered the first order instead of 422. Rows stored then have no {@code v2:} prefix and
 * are still compared in that format, so that retrying a key placed before the upgrade with its body keeps answering
 * its order (for those rows only, the old ambiguity remains).
 */
final class RequestFingerprint {

    static final String PREFIX = "v2:";

    private RequestFingerprint() {
    }

    static String of(String customerId, long amountCents, List<OrderLine> items) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            string(out, customerId);
            out.writeLong(amountCents);
            out.writeInt(items.size());
            for (OrderLine line : items) {
                string(out, line.sku());
                out.writeInt(line.qty());
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return PREFIX + sha256(bytes.toByteArray());
    }

    /** Whether the stored fingerprint (of either format) is this request's. */
    static boolean matches(String stored, String customerId, long amountCents, List<OrderLine> items) {
        if (stored.startsWith(PREFIX)) {
            return stored.equals(of(customerId, amountCents, items));
        }
        return stored.equals(legacy(customerId, amountCents, items));
    }

    /** The first format, for rows stored before {@code v2:}. */
    static String legacy(String customerId, long amountCents, List<OrderLine> items) {
        StringBuilder text = new StringBuilder(customerId).append('|').append(amountCents);
        items.forEach(line -> text.append('|').append(line.sku()).append('×').append(line.qty()));
        return sha256(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void string(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String sha256(byte[] input) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
