package dev.ordersaga.bench;

import java.nio.file.Path;

import dev.ordersaga.localstack.LocalStack;

/**
 * {@code bin/bench [--quick] [--out DIR]}: starts its own stack, measures, prints the table and writes
 * {@code bench/results/latest.json} and {@code bench/results/latency-vs-rate.png} (or into DIR).
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Path out = null;
        Path jfr = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(args[++i]);
                case "--jfr" -> jfr = Path.of(args[++i]);
                case "-h", "--help" -> {
                    System.out.println("""
                            usage: bin/bench [--quick] [--out DIR] [--jfr DIR]
                              --quick   shorter steps and fewer rates (about 2 minutes; CI runs it)
                              --out DIR where latest.json and latency-vs-rate.png go
                                        (default bench/results; with --quick bench/target/quick-results)
                              --jfr DIR record JFR profiles of the relay phase (bench-relay.jfr) and of each service
                                        (<service>.jfr, written when the stack stops) into DIR""");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (try --help)");
            }
        }
        Path root = LocalStack.findProjectRoot();
        Benchmark.Result result = new Benchmark(root, quick ? BenchConfig.quickMode() : BenchConfig.full(), jfr)
                .run(out != null ? out
                        // a quick run must not replace the committed figures of a full run
                        : quick ? root.resolve("bench").resolve("target").resolve("quick-results")
                        : root.resolve("bench").resolve("results"));
        System.out.println();
        System.out.println(result.table());
        System.exit(0);
    }
}
