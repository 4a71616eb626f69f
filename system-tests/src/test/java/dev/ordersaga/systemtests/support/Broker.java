package dev.ordersaga.systemtests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.avro.specific.SpecificRecord;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Reader;
import org.apache.pulsar.client.api.Schema;

import dev.ordersaga.contracts.Envelopes;
import dev.ordersaga.contracts.Topic;
import dev.ordersaga.localstack.LocalStack;
import dev.ordersaga.messaging.MessageSchemas;

/** Pulsar as an operator or another producer sees it: raw publishing, reading a topic, and the pulsar-admin CLI. */
public final class Broker {

    private Broker() {
    }

    /** Publishes the envelope (keyed by its order id) with the topic's Avro schema, as the services do. */
    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> MessageId publish(T envelope) {
        Topic topic = Topic.carrying(envelope.getClass());
        Schema<T> schema = (Schema<T>) MessageSchemas.of(envelope.getClass());
        try (Producer<T> producer = SystemStack.pulsar().newProducer(schema).topic(topic.fullName())
                .enableBatching(false).create()) {
            return producer.newMessage().key(Envelopes.orderId(envelope)).value(envelope).send();
        }
        catch (PulsarClientException e) {
            throw new IllegalStateException("publishing to " + topic.fullName() + " failed: " + e, e);
        }
    }

    /** Publishes bytes that claim to be an envelope of the topic: the producer validates them against its schema. */
    public static MessageId publishEncoded(Topic topic, String key, byte[] avroBytes) {
        try (Producer<byte[]> producer = SystemStack.pulsar()
                .newProducer(Schema.AUTO_PRODUCE_BYTES(MessageSchemas.of(topic)))
                .topic(topic.fullName()).enableBatching(false).create()) {
            return producer.newMessage().key(key).value(avroBytes).send();
        }
        catch (PulsarClientException e) {
            throw new IllegalStateException("publishing to " + topic.fullName() + " failed: " + e, e);
        }
    }

    /** Publishes bytes with no schema at all (Schema.BYTES), e.g. garbage. */
    public static MessageId publishBytes(String topic, String key, byte[] bytes) {
        try (Producer<byte[]> producer = SystemStack.pulsar().newProducer(Schema.BYTES).topic(topic)
                .enableBatching(false).create()) {
            return producer.newMessage().key(key).value(bytes).send();
        }
        catch (PulsarClientException e) {
            throw new IllegalStateException("publishing to " + topic + " failed: " + e, e);
        }
    }

    /** Every message on the topic so far, as raw bytes, read from the earliest. */
    public static List<Message<byte[]>> readAll(String topic) {
        List<Message<byte[]>> messages = new ArrayList<>();
        try (Reader<byte[]> reader = SystemStack.pulsar().newReader(Schema.BYTES).topic(topic)
                .startMessageId(MessageId.earliest).create()) {
            while (reader.hasMessageAvailable()) {
                Message<byte[]> message = reader.readNext(10, TimeUnit.SECONDS);
                if (message == null) {
                    break;
                }
                messages.add(message);
            }
        }
        catch (IOException e) {
            throw new IllegalStateException("reading " + topic + " failed: " + e, e);
        }
        return messages;
    }

    /** Runs the distribution's {@code bin/pulsar-admin --admin-url <stack's admin URL> args...}. */
    public static CliResult pulsarAdmin(String... args) {
        LocalStack stack = SystemStack.get();
        Path executable = stack.pulsarHome().resolve("bin").resolve("pulsar-admin");
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--admin-url", stack.pulsarAdminUrl()));
        command.addAll(List.of(args));
        try {
            Path output = Files.createTempFile("pulsar-admin", ".out");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                process.getOutputStream().close();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish within 120 s:\n"
                            + Files.readString(output));
                }
                return new CliResult(String.join(" ", command), process.exitValue(), Files.readString(output));
            }
            finally {
                Files.deleteIfExists(output);
            }
        }
        catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record CliResult(String command, int exitCode, String output) {
        @Override
        public String toString() {
            return command + " (exit " + exitCode + "):\n" + output;
        }
    }
}
