package dev.ordersaga.systemtests.usertools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.ordersaga.contracts.Topic;
import dev.ordersaga.localstack.LocalStack;
import dev.ordersaga.systemtests.support.Broker;
import dev.ordersaga.systemtests.support.Http;
import dev.ordersaga.systemtests.support.SystemStack;
import dev.ordersaga.systemtests.support.SystemTest;
import dev.ordersaga.systemtests.support.TestData;

/**
 * The README's "Inspecting topics" commands, run as written: every {@code bin/pulsar-admin ...} line through the
 * repository's own bin/pulsar-admin wrapper (pointed at the test stack with PULSAR_ADMIN_URL and LOCAL_STACK_DATA_DIR),
 * after a poison message has filled the dead-letter topics the section shows. Every
 * {@code docker compose exec pulsar bin/pulsar-admin ...} line must be one of them, so the Docker variants run the
 * same, already tested command inside the broker's container.
 */
@SystemTest
class PulsarAdminCommandsIT {

    static final Path ROOT = SystemStack.projectRoot();
    static final String LOCAL = "bin/pulsar-admin ";
    static final Pattern DOCKER = Pattern.compile("^docker(?: |-)compose exec (?:-T )?pulsar (bin/pulsar-admin .*)$");
    static final Pattern DEAD_LETTER_TOPIC = Pattern.compile("persistent://public/default/([a-z]+\\.[a-z]+)-([a-z0-9-]+)-DLQ");
    static final Pattern AVRO = Pattern.compile("\"type\"\\s*:\\s*\"AVRO\"");

    @Test
    void theReadmesPulsarAdminCommandsWorkAsShown() throws IOException {
        List<String> lines = commandLines(readmeSection());
        List<String> local = lines.stream().filter(l -> l.startsWith(LOCAL)).toList();
        List<String> docker = new ArrayList<>();
        for (String line : lines) {
            Matcher m = DOCKER.matcher(line);
            if (m.matches()) {
                docker.add(m.group(1));
            }
        }
        for (String what : List.of("topics list ", "schemas get ", "topics stats ")) {
            assertThat(local).as("the README shows `bin/pulsar-admin %s...`", what).anyMatch(l -> l.contains(what));
            assertThat(docker).as("the README shows `docker compose exec pulsar bin/pulsar-admin %s...`", what)
                    .anyMatch(l -> l.contains(what));
        }
        assertThat(local).as("the README shows how to look at a dead-letter topic's messages")
                .anyMatch(PulsarAdminCommandsIT::readsDeadLetters);
        assertThat(docker).as("the README shows how to look at a dead-letter topic's messages with Docker")
                .anyMatch(PulsarAdminCommandsIT::readsDeadLetters);
        assertThat(local).as("every docker compose exec line is also shown (and so tested) as a bin/pulsar-admin line")
                .containsAll(docker);

        Set<String> deadLetterTopics = parkPoisonOnEveryDeadLetterTopicIn(local);

        LocalStack stack = SystemStack.get();
        Map<String, String> env = Map.of("PULSAR_ADMIN_URL", stack.pulsarAdminUrl(),
                "LOCAL_STACK_DATA_DIR", stack.dataDir().toString());
        for (String command : local) {
            Cli.Result result = Cli.bash(ROOT, env, Duration.ofMinutes(2), command);
            assertThat(result.exitCode()).as("%s", result).isZero();
            assertThat(result.output()).as("%s", result).isNotBlank();
            String output = result.output();
            if (command.contains("topics list ") && command.contains("DLQ")) {
                assertThat(output).as("%s", result).contains(deadLetterTopics);
            }
            else if (command.contains("topics list ")) {
                for (Topic topic : Topic.values()) {
                    assertThat(output).as("%s", result).contains(topic.fullName());
                }
            }
            else if (command.contains("schemas get ")) {
                assertThat(output).as("%s", result).containsPattern(AVRO).contains("dev.ordersaga.contracts");
            }
            else if (readsDeadLetters(command)) {
                assertThat(output).as("%s", result).contains("DLQ_REASON", "ORIGIN_TOPIC");
            }
            else if (command.contains("topics stats ")) {
                assertThat(output).as("%s", result).contains("msgBacklog");
            }
        }
    }

    static boolean readsDeadLetters(String command) {
        return (command.contains(" peek-messages ") || command.contains(" examine-messages ")) && command.contains("-DLQ");
    }

    /** Publishes a message no consumer can decode to the topic of every dead-letter topic named; waits until parked. */
    static Set<String> parkPoisonOnEveryDeadLetterTopicIn(List<String> commands) {
        Set<String> deadLetterTopics = new LinkedHashSet<>();
        for (String command : commands) {
            Matcher m = DEAD_LETTER_TOPIC.matcher(command);
            while (m.find()) {
                deadLetterTopics.add(m.group());
            }
        }
        assertThat(deadLetterTopics).as("dead-letter topics in the README's commands").isNotEmpty();
        for (String deadLetterTopic : deadLetterTopics) {
            Matcher m = DEAD_LETTER_TOPIC.matcher(deadLetterTopic);
            assertThat(m.matches()).isTrue();
            String topic = "persistent://public/default/" + m.group(1);
            String key = "readme-poison-" + TestData.shortId();
            Broker.publishBytes(topic, key, ("not an Avro envelope: " + key).getBytes(StandardCharsets.UTF_8));
            URI topics = URI.create(SystemStack.get().pulsarAdminUrl() + "/admin/v2/persistent/public/default");
            await("a message parked on " + deadLetterTopic).atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> Http.get(topics).body().contains(deadLetterTopic)
                            && Broker.readAll(deadLetterTopic).stream()
                                    .anyMatch(message -> key.equals(message.getKey())));
        }
        return deadLetterTopics;
    }

    /** The README's section on inspecting topics: from its heading to the next heading of the same or a higher level. */
    static String readmeSection() throws IOException {
        Path readme = Path.of(System.getProperty("usertools.readme", ROOT.resolve("README.md").toString()));
        List<String> lines = Files.readAllLines(readme);
        StringBuilder section = new StringBuilder();
        int level = 0;
        boolean inFence = false;
        for (String line : lines) {
            if (line.startsWith("```")) {
                inFence = !inFence;
            }
            int heading = inFence ? 0 : headingLevel(line);
            if (level == 0 && heading > 0 && line.toLowerCase().contains("inspecting topics")) {
                level = heading;
            }
            else if (level > 0 && heading > 0 && heading <= level) {
                break;
            }
            if (level > 0) {
                section.append(line).append('\n');
            }
        }
        assertThat(section).as("a section \"Inspecting topics\" in %s", readme).isNotEmpty();
        return section.toString();
    }

    /** Lines of the section's shell code blocks, continuation lines joined. */
    static List<String> commandLines(String section) {
        List<String> commands = new ArrayList<>();
        boolean inShell = false;
        StringBuilder current = new StringBuilder();
        for (String line : section.split("\n")) {
            if (line.startsWith("```")) {
                inShell = !inShell && (line.equals("```") || line.matches("```\\s*(bash|sh|shell|console)\\s*"));
                continue;
            }
            if (!inShell) {
                continue;
            }
            String trimmed = line.strip();
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String command = current.toString().strip();
            current.setLength(0);
            if (!command.isEmpty() && !command.startsWith("#")) {
                commands.add(withoutComment(command));
            }
        }
        return commands;
    }

    /** The command without a trailing {@code # comment} (a # that starts a word outside quotes). */
    static String withoutComment(String command) {
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            }
            else if (c == '\'' || c == '"') {
                quote = c;
            }
            else if (c == '#' && i > 0 && Character.isWhitespace(command.charAt(i - 1))) {
                return command.substring(0, i).strip();
            }
        }
        return command;
    }

    static int headingLevel(String line) {
        int level = 0;
        while (level < line.length() && line.charAt(level) == '#') {
            level++;
        }
        return level > 0 && level < line.length() && line.charAt(level) == ' ' ? level : 0;
    }
}
