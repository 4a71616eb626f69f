package dev.ordersaga.systemtests.usertools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.ordersaga.systemtests.support.Http;
import dev.ordersaga.systemtests.support.SystemStack;
import dev.ordersaga.systemtests.support.SystemTest;

/**
 * The Postman collection, run by newman against the running system as a user runs it against theirs: the README's
 * command with the test stack's BFF as baseUrl. newman is taken from the PATH, or installed with npm into
 * system-tests/target/newman; with neither, the test is skipped.
 */
@SystemTest
class NewmanIT {

    static final String NEWMAN_VERSION = "6.2.2";
    static final Path ROOT = SystemStack.projectRoot();
    static final Path COLLECTION = ROOT.resolve("postman/order-saga.postman_collection.json");
    static final Path ENVIRONMENT = ROOT.resolve("postman/local.postman_environment.json");
    static final Path WORK_DIR = ROOT.resolve("system-tests/target/newman");

    @Test
    void thePostmanCollectionPassesAgainstTheRunningSystem() throws IOException {
        Path newman = newman();
        Files.createDirectories(WORK_DIR);
        Path report = WORK_DIR.resolve("order-saga-run.json");
        Files.deleteIfExists(report);

        Cli.Result run = Cli.run(ROOT, Map.of(), Duration.ofMinutes(5), List.of(newman.toString(), "run",
                COLLECTION.toString(), "-e", ENVIRONMENT.toString(),
                "--env-var", "baseUrl=" + SystemStack.get().bffUrl(),
                "--color", "off", "--reporters", "cli,json", "--reporter-json-export", report.toString()));

        assertThat(run.exitCode()).as("%s", run).isZero();
        JsonNode stats = Http.JSON.readTree(report.toFile()).path("run").path("stats");
        assertThat(stats.path("assertions").path("failed").asInt()).as("%s", run).isZero();
        assertThat(stats.path("assertions").path("total").asInt()).as("assertions run").isGreaterThanOrEqualTo(20);
        assertThat(run.output()).contains("reaches COMPLETED", "reaches REJECTED", "reaches COMPENSATED",
                "the last saga_log row is COMMIT_STOCK EVENT CONFIRMED", "400 Bad Request", "404 Not Found");
    }

    @Test
    void theEnvironmentPointsAtTheLocalStacksBff() throws IOException {
        JsonNode environment = Http.JSON.readTree(ENVIRONMENT.toFile());
        List<String> values = new ArrayList<>();
        for (JsonNode value : environment.path("values")) {
            values.add(value.path("key").asString() + "=" + value.path("value").asString());
        }
        assertThat(values).contains("baseUrl=http://localhost:8081");
        JsonNode collection = Http.JSON.readTree(COLLECTION.toFile());
        assertThat(collection.path("info").path("schema").asString())
                .isEqualTo("https://schema.getpostman.com/json/collection/v2.1.0/collection.json");
    }

    /** newman on the PATH, else the one in target/newman, else installed there with npm; skips without npm. */
    static Path newman() {
        Optional<Path> onPath = Cli.onPath("newman");
        if (onPath.isPresent()) {
            return onPath.get();
        }
        Path local = WORK_DIR.resolve("node_modules/.bin/newman");
        if (Files.isExecutable(local)) {
            return local;
        }
        Optional<Path> npm = Cli.onPath("npm");
        Assumptions.assumeTrue(npm.isPresent(), "newman is not on the PATH and there is no npm to install it: "
                + "skipping the Postman collection (npm install -g newman@" + NEWMAN_VERSION + ")");
        Cli.Result install = Cli.run(ROOT, Map.of(), Duration.ofMinutes(5), List.of(npm.get().toString(), "install",
                "--prefix", WORK_DIR.toString(), "--no-audit", "--no-fund", "--loglevel=error",
                "newman@" + NEWMAN_VERSION));
        assertThat(install.exitCode()).as("%s", install).isZero();
        assertThat(local).as("newman installed by %s", install.command()).isExecutable();
        return local;
    }
}
