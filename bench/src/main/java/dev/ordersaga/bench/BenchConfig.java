package dev.ordersaga.bench;

/** Durations and rates of a full run (under 10 minutes on 2 cores) and of a quick run (CI, under 2 minutes). */
record BenchConfig(boolean quick, int warmupRate, int warmupSeconds, int brokerSeconds, int dbClients, int dbSeconds, int[] relayRates,
        int relaySeconds, int relayBacklog, int[] baselineRates, int baselineSeconds, int baselineBacklog,
        int[] e2eRates, int e2eSeconds, int e2eDrainSeconds, int saturationRate, int saturationSeconds,
        int saturationDrainSeconds) {

    static BenchConfig full() {
        return new BenchConfig(false, 10, 10, 10, 16, 10, new int[] { 100, 500, 2000 }, 10, 20000, new int[] { 2 }, 15,
                60, new int[] { 10, 25, 50, 100 }, 20, 20, 300, 15, 10);
    }

    static BenchConfig quickMode() {
        return new BenchConfig(true, 5, 3, 3, 16, 3, new int[] { 100, 500 }, 3, 3000, new int[] { 2 }, 4, 20,
                new int[] { 10 }, 5, 10, 40, 4, 4);
    }
}
