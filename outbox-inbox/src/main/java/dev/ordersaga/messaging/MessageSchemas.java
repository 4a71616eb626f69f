package dev.ordersaga.messaging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SchemaSerializationException;
import org.apache.pulsar.client.api.schema.SchemaDefinition;
import org.apache.pulsar.client.api.schema.SchemaReader;
import org.apache.pulsar.client.api.schema.SchemaWriter;

import dev.ordersaga.contracts.Topic;

/**
 * The one Pulsar schema of each envelope class, shared by producers, consumers and the outbox encoder.
 *
 * <p>Registered as AVRO with the envelope's own schema text and JSR-310 conversion on (the first
 * schema on a topic fixes that flag for every later client). Encoding and decoding use Avro's
 * specific reader and writer for the generated classes: Pulsar's bundled, shaded Avro cannot read
 * nested generated records (a union of records with arrays of {@code OrderLine}).
 */
public final class MessageSchemas {

    private static final Map<Class<?>, Schema<?>> SCHEMAS = new ConcurrentHashMap<>();

    private MessageSchemas() {
    }

    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> Schema<T> of(Class<T> envelopeClass) {
        return (Schema<T>) SCHEMAS.computeIfAbsent(envelopeClass, c -> Schema.AVRO(SchemaDefinition.<T>builder()
                .withJsonDef(SpecificData.get().getSchema(envelopeClass).toString())
                .withJSR310ConversionEnabled(true)
                .withSupportSchemaVersioning(true)
                .withSchemaReader(new SpecificReader<>(envelopeClass))
                .withSchemaWriter(new SpecificWriter<>(envelopeClass))
                .build()));
    }

    public static Schema<? extends SpecificRecord> of(Topic topic) {
        return of(topic.messageClass());
    }

    @SuppressWarnings("unchecked")
    public static byte[] encode(SpecificRecord envelope) {
        return ((Schema<SpecificRecord>) of(envelope.getClass())).encode(envelope);
    }

    private static final class SpecificReader<T extends SpecificRecord> implements SchemaReader<T> {

        private final SpecificDatumReader<T> reader;

        SpecificReader(Class<T> type) {
            this.reader = new SpecificDatumReader<>(type);
        }

        @Override
        public T read(byte[] bytes, int offset, int length) {
            return read(DecoderFactory.get().binaryDecoder(bytes, offset, length, null));
        }

        @Override
        public T read(InputStream inputStream) {
            return read(DecoderFactory.get().binaryDecoder(inputStream, null));
        }

        private T read(BinaryDecoder decoder) {
            try {
                return reader.read(null, decoder);
            }
            catch (IOException | RuntimeException e) {
                throw new SchemaSerializationException(e);
            }
        }
    }

    private static final class SpecificWriter<T extends SpecificRecord> implements SchemaWriter<T> {

        private final SpecificDatumWriter<T> writer;

        SpecificWriter(Class<T> type) {
            this.writer = new SpecificDatumWriter<>(type);
        }

        @Override
        public byte[] write(T message) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            try {
                writer.write(message, encoder);
                encoder.flush();
            }
            catch (IOException | RuntimeException e) {
                throw new SchemaSerializationException(e);
            }
            return out.toByteArray();
        }
    }
}
