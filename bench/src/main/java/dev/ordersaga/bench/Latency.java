package dev.ordersaga.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Percentiles of a set of latency samples, in milliseconds (nearest-rank). */
public record Latency(int count, double p50, double p95, double p99, double max) {

    public static final Latency NONE = new Latency(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** @param micros samples in microseconds (the array is sorted in place) */
    public static Latency ofMicros(long[] micros) {
        if (micros.length == 0) {
            return NONE;
        }
        Arrays.sort(micros);
        return new Latency(micros.length, rank(micros, 0.50), rank(micros, 0.95), rank(micros, 0.99),
                micros[micros.length - 1] / 1000.0);
    }

    private static double rank(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("samples", count);
        json.put("p50_ms", p50);
        json.put("p95_ms", p95);
        json.put("p99_ms", p99);
        json.put("max_ms", max);
        return json;
    }

    /** "p50 / p95 / p99 / max" for the table. */
    public String describe() {
        return count == 0 ? "-" : String.format("%s / %s / %s / %s", ms(p50), ms(p95), ms(p99), ms(max));
    }

    static String ms(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return value < 10 ? String.format("%.1f", value) : String.format("%.0f", value);
    }
}
