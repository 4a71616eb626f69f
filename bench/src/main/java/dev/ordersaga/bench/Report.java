package dev.ordersaga.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one table printed at the end, and the same figures as JSON, with the targets beside them. */
final class Report {

    private final BenchConfig config;
    private final BrokerLimit.Result broker;
    private final DatabaseLimit.Result database;
    private final Benchmark.Bound bound;
    private final RelayBench.ModeResult relay;
    private final RelayBench.ModeResult baseline;
    private final List<E2eBench.Step> e2e;
    private final Map<String, Double> memory;

    Report(BenchConfig config, BrokerLimit.Result broker, DatabaseLimit.Result database, Benchmark.Bound bound,
            RelayBench.ModeResult relay, RelayBench.ModeResult baseline, List<E2eBench.Step> e2e,
            Map<String, Double> memory) {
        this.config = config;
        this.broker = broker;
        this.database = database;
        this.bound = bound;
        this.relay = relay;
        this.baseline = baseline;
        this.e2e = e2e;
        this.memory = memory;
    }

    record Target(String name, String target, double measured, String unit, boolean met) {
        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("target", name + " " + target);
            json.put("measured", measured);
            json.put("unit", unit);
            json.put("met", met);
            return json;
        }
    }

    E2eBench.Step saturation() {
        return e2e.stream().filter(E2eBench.Step::saturation).findFirst().orElseThrow();
    }

    double e2eMaxSustained() {
        return e2e.stream().filter(E2eBench.Step::sustained).mapToDouble(E2eBench.Step::sagasPerSecond).max().orElse(0);
    }

    List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        relay.steps().stream().filter(s -> s.offeredPerSecond() == 500).findFirst().ifPresent(s -> targets.add(
                new Target("relay p99 commit→ack at 500 rows/s", "≤ 25 ms", s.commitToAck().p99(), "ms",
                        s.commitToAck().p99() <= 25)));
        double ofPerf = relay.saturation().ackedPerSecond() / broker.produceAlone().msgPerSecond();
        targets.add(new Target("relay peak vs pulsar-perf produce (same message size)", "≥ 50%", 100 * ofPerf, "%",
                ofPerf >= 0.5));
        double vsBaseline = relay.saturation().ackedPerSecond() / baseline.saturation().ackedPerSecond();
        targets.add(new Target("relay peak vs baseline relay peak", "≥ 100x", vsBaseline, "x", vsBaseline >= 100));
        e2e.stream().filter(s -> !s.saturation() && s.offeredPerSecond() == 50).findFirst().ifPresent(s -> targets.add(
                new Target("e2e p99 placement→terminal at 50 sagas/s", "≤ 300 ms", s.placementToTerminal().p99(), "ms",
                        s.placementToTerminal().p99() <= 300)));
        double ofBound = saturation().sagasPerSecond() / bound.sagasPerSecond();
        targets.add(new Target("e2e peak (saturation, sagas ended/s) vs bound", "≥ 30%", 100 * ofBound, "%",
                ofBound >= 0.3));
        return targets;
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("broker", broker.toJson());
        limits.put("database", database.toJson());
        limits.put("per_saga", SagaCounts.toJson());
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("by_broker_sagas_per_s", bound.byBroker());
        b.put("by_database_sagas_per_s", bound.byDatabase());
        b.put("bound_sagas_per_s", bound.sagasPerSecond());
        b.put("limited_by", bound.limitedBy());
        b.put("formula", "min(broker in-and-out msg/s / " + SagaCounts.MESSAGES_PER_SAGA + ", database tx/s / "
                + SagaCounts.TRANSACTIONS_PER_SAGA + ")");
        limits.put("bound", b);
        json.put("limits", limits);

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("measured", "commit-to-ack: writer's COMMIT returned → broker acknowledgement reached the relay's producer");
        r.put("product", relay.toJson());
        r.put("baseline", baseline.toJson());
        r.put("peak_vs_baseline_peak_x", relay.saturation().ackedPerSecond() / baseline.saturation().ackedPerSecond());
        r.put("peak_vs_pulsar_perf_produce_pct", 100 * relay.saturation().ackedPerSecond() / broker.produceAlone().msgPerSecond());
        json.put("relay", r);

        Map<String, Object> e = new LinkedHashMap<>();
        e.put("measured", "placement→terminal: orders.updated_at − created_at (order-saga clock) of terminal orders");
        e.put("mix", "8/10 complete, 1/10 rejected (no stock), 1/10 compensated (payment declined)");
        e.put("steps", e2e.stream().map(E2eBench.Step::toJson).toList());
        e.put("max_sustained_sagas_per_s", e2eMaxSustained());
        e.put("saturation_sagas_per_s", saturation().sagasPerSecond());
        e.put("peak_vs_bound_pct", 100 * saturation().sagasPerSecond() / bound.sagasPerSecond());
        e.put("peak_rss_mib_during_e2e", memory);
        json.put("e2e", e);
        json.put("targets", targets().stream().map(Target::toJson).toList());
        return json;
    }

    String table() {
        StringBuilder t = new StringBuilder();
        line(t, "==================== Saga benchmark (%s run) ====================", config.quick() ? "quick" : "full");
        line(t, "MACHINE LIMITS (same run)");
        line(t, "  broker  pulsar-perf produce alone, %d-byte keyed messages, %d s : %,.0f msg/s (publish p99 %s ms)",
                broker.messageSize(), broker.seconds(), broker.produceAlone().msgPerSecond(),
                Latency.ms(broker.produceAlone().latency().p99()));
        line(t, "          produce + Key_Shared consume side by side          : in %,.0f msg/s, out %,.0f msg/s",
                broker.produceWithConsumer().msgPerSecond(), broker.consume().msgPerSecond());
        line(t, "  db      JDBC, %d clients, INSERT row + INSERT outbox + COMMIT: %,.0f tx/s (p99 %s ms)",
                database.clients(), database.txPerSecond(), Latency.ms(database.latency().p99()));
        line(t, "  per completed saga: %d messages (%s), %d transactions (place order + 6 handlers)",
                SagaCounts.MESSAGES_PER_SAGA, String.join(", ", SagaCounts.MESSAGES), SagaCounts.TRANSACTIONS_PER_SAGA);
        line(t, "  BOUND = min(%,.0f / %d, %,.0f / %d) = min(%,.0f, %,.0f) = %,.0f sagas/s (%s-bound)",
                broker.inAndOutPerSecond(), SagaCounts.MESSAGES_PER_SAGA, database.txPerSecond(),
                SagaCounts.TRANSACTIONS_PER_SAGA, bound.byBroker(), bound.byDatabase(), bound.sagasPerSecond(),
                bound.limitedBy());
        line(t, "");
        line(t, "OUTBOX RELAY  commit → broker ack (ms)");
        line(t, "  %-9s %-16s %11s %9s  %-28s %s", "relay", "offered rows/s", "committed/s", "acked/s",
                "p50 / p95 / p99 / max", "sustained");
        for (RelayBench.ModeResult mode : List.of(relay, baseline)) {
            for (RelayBench.Step s : mode.steps()) {
                line(t, "  %-9s %-16s %11.0f %9.0f  %-28s %s", mode.mode(), s.label(), s.committedPerSecond(),
                        s.ackedPerSecond(), s.commitToAck().describe(), s.sustained() ? "yes" : "NO");
            }
            RelayBench.Step sat = mode.saturation();
            line(t, "  %-9s %-16s %11s %9.0f  %-28s %s", mode.mode(), "saturation", sat.label(), sat.ackedPerSecond(),
                    sat.commitToAck().describe(), "(queueing)");
        }
        line(t, "  product: %s", relay.settings());
        line(t, "  baseline (original prototype): %s", baseline.settings());
        line(t, "  highest sustained fixed rate: product %,.0f rows/s, baseline %,.0f rows/s; peak (backlog drain): "
                + "product %,.0f rows/s, baseline %,.0f rows/s", relay.maxSustainedRate(), baseline.maxSustainedRate(),
                relay.saturation().ackedPerSecond(), baseline.saturation().ackedPerSecond());
        line(t, "");
        line(t, "END TO END  POST /saga/orders → terminal state (ms); mix 8 complete : 1 rejected : 1 compensated");
        line(t, "  %-26s %6s %9s  %-28s %-12s %6s %10s  %s", "offered", "sent", "ended/s", "p50 / p95 / p99 / max",
                "POST p99 ms", "errors", "unfinished", "outcomes");
        for (E2eBench.Step s : e2e) {
            line(t, "  %-26s %6d %9.1f  %-28s %-12s %6d %10d  %s%s", s.label(), s.placed(), s.sagasPerSecond(),
                    s.placementToTerminal().describe(), Latency.ms(s.post().p99()), s.httpErrors(), s.unfinished(),
                    s.outcomes(), s.saturation() || s.sustained() ? "" : " NOT SUSTAINED");
        }
        line(t, "  highest sustained fixed rate %,.1f sagas/s; at saturation %,.1f sagas/s = %.0f%% of the bound",
                e2eMaxSustained(), saturation().sagasPerSecond(), 100 * saturation().sagasPerSecond() / bound.sagasPerSecond());
        StringBuilder mem = new StringBuilder();
        memory.forEach((name, mib) -> mem.append(String.format("%s %.0f, ", name, mib)));
        line(t, "  peak RSS during e2e (MiB, VmHWM): %s", mem.length() > 2 ? mem.substring(0, mem.length() - 2) : "-");
        line(t, "");
        line(t, "TARGETS (shown, not asserted)");
        for (Target target : targets()) {
            line(t, "  %-56s %-9s measured %8.1f %-2s  %s", target.name(), target.target(), target.measured(),
                    target.unit(), target.met() ? "met" : "NOT MET");
        }
        return t.toString();
    }

    private static void line(StringBuilder t, String format, Object... args) {
        t.append(String.format(format, args)).append('\n');
    }
}
