package dev.ordersaga.inventory.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.ordersaga.contracts.CommitStock;
import dev.ordersaga.contracts.Envelopes;
import dev.ordersaga.contracts.InventoryCommand;
import dev.ordersaga.contracts.InventoryEvent;
import dev.ordersaga.contracts.OrderLine;
import dev.ordersaga.contracts.ReleaseStock;
import dev.ordersaga.contracts.ReserveStock;
import dev.ordersaga.contracts.StockCommitted;
import dev.ordersaga.contracts.StockRejected;
import dev.ordersaga.contracts.StockReleased;
import dev.ordersaga.contracts.StockReserved;
import dev.ordersaga.inventory.PostgresTest;
import dev.ordersaga.messaging.MessageSchemas;

/** The application service against a real PostgreSQL: state changes and the replies in the outbox. */
class InventoryCommandServiceTest extends PostgresTest {

    @Autowired
    InventoryCommandService service;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void fiftyOrdersRacingForTheLastTenUnitsReserveExactlyTen() throws Exception {
        String sku = newProduct(10);
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            orders.add(newOrderId());
        }

        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (String order : orders) {
                results.add(pool.submit(() -> {
                    start.await();
                    service.handle(command(order, new ReserveStock(List.of(line(sku, 1)))));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> result : results) {
                result.get(60, TimeUnit.SECONDS);      // rethrows any failure
            }
        }
        finally {
            pool.shutdownNow();
        }

        assertThat(countReplies(orders, "StockReserved")).isEqualTo(10);
        assertThat(countReplies(orders, "StockRejected")).isEqualTo(40);
        assertThat(countReplies(orders, null)).isEqualTo(50);
        assertThat(stock(sku)).containsExactly(10, 10);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM reservations WHERE status = 'RESERVED' AND order_id = ANY (?)",
                Integer.class, (Object) orders.toArray(String[]::new))).isEqualTo(10);
        assertThat(jdbc.queryForObject("SELECT coalesce(sum(qty), 0) FROM reservation_lines WHERE sku = ?",
                Integer.class, sku)).isEqualTo(10);
        List<String> reasons = jdbc.queryForList(
                "SELECT DISTINCT reason FROM reservations WHERE status = 'REJECTED' AND order_id = ANY (?)",
                String.class, (Object) orders.toArray(String[]::new));
        assertThat(reasons).containsExactly("not enough stock of " + sku + ": 1 requested, 0 available");
    }

    @Test
    void ordersLockingTheSameProductsInOppositeOrderNeverDeadlock() throws Exception {
        String p = newProduct(100);
        String q = newProduct(100);
        List<String> orders = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String order = newOrderId();
                orders.add(order);
                List<OrderLine> lines = i % 2 == 0 ? List.of(line(p, 1), line(q, 1)) : List.of(line(q, 1), line(p, 1));
                results.add(pool.submit(() -> {
                    start.await();
                    service.handle(command(order, new ReserveStock(lines)));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }

        assertThat(countReplies(orders, "StockReserved")).isEqualTo(40);
        assertThat(stock(p)).containsExactly(100, 40);
        assertThat(stock(q)).containsExactly(100, 40);
    }

    @Test
    void anOrderGetsAllItsLinesOrNothing() {
        String plenty = newProduct(5);
        String scarce = newProduct(1);
        String order = newOrderId();

        service.handle(command(order, new ReserveStock(List.of(line(plenty, 2), line(scarce, 2)))));

        assertThat(onlyReply(order).getPayload()).isEqualTo(
                new StockRejected("not enough stock of " + scarce + ": 2 requested, 1 available"));
        assertThat(stock(plenty)).containsExactly(5, 0);
        assertThat(stock(scarce)).containsExactly(1, 0);
        assertThat(reservationStatus(order)).isEqualTo("REJECTED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM reservation_lines WHERE order_id = ?", Integer.class,
                order)).isZero();
    }

    @Test
    void anUnknownSkuRejectsTheWholeOrder() {
        String known = newProduct(5);
        String unknown = "Z-" + UUID.randomUUID();
        String order = newOrderId();

        service.handle(command(order, new ReserveStock(List.of(line(known, 1), line(unknown, 1)))));

        assertThat(onlyReply(order).getPayload()).isEqualTo(new StockRejected("unknown SKU " + unknown));
        assertThat(stock(known)).containsExactly(5, 0);
    }

    @Test
    void duplicateSkusInOneOrderAreReservedAsTheirSum() {
        String sku = newProduct(5);
        String order = newOrderId();
        String greedy = newOrderId();

        service.handle(command(order, new ReserveStock(List.of(line(sku, 2), line(sku, 3)))));
        service.handle(command(greedy, new ReserveStock(List.of(line(sku, 1), line(sku, 1)))));

        assertThat(onlyReply(order).getPayload()).isEqualTo(new StockReserved(List.of(line(sku, 5))));
        assertThat(onlyReply(greedy).getPayload()).isEqualTo(
                new StockRejected("not enough stock of " + sku + ": 2 requested, 0 available"));
        assertThat(stock(sku)).containsExactly(5, 5);
    }

    @Test
    void repliesCarryTheCommandsOrderAndStepWithANewEventId() {
        String sku = newProduct(5);
        String order = newOrderId();
        InventoryCommand command = command(order, new ReserveStock(List.of(line(sku, 1))));

        service.handle(command);

        // decoded exactly as a consumer's Pulsar schema does
        InventoryEvent reply = MessageSchemas.of(InventoryEvent.class).decode(jdbc.queryForObject(
                "SELECT payload FROM outbox WHERE aggregate_id = ?", byte[].class, order));
        assertThat(reply.getPayload()).isInstanceOf(StockReserved.class);
        assertThat(((StockReserved) reply.getPayload()).getItems()).singleElement()
                .satisfies(item -> assertThat(item.getSku()).isEqualTo(sku))
                .satisfies(item -> assertThat(item.getQty()).isEqualTo(1));
        assertThat(reply.getOrderId()).isEqualTo(order);
        assertThat(reply.getStepId()).isEqualTo(command.getStepId());
        assertThat(reply.getEventId()).isNotEqualTo(command.getEventId());
        assertThat(UUID.fromString(reply.getEventId())).isNotNull();
        assertThat(reply.getSchemaVersion()).isEqualTo(Envelopes.SCHEMA_VERSION);
        assertThat(jdbc.queryForObject("SELECT topic FROM outbox WHERE aggregate_id = ?", String.class, order))
                .isEqualTo("inventory.events");
    }

    @Test
    void aRetriedReserveStockRepliesTheOriginalReservationAndReservesNothingMore() {
        String sku = newProduct(5);
        String order = newOrderId();
        service.handle(command(order, new ReserveStock(List.of(line(sku, 2)))));

        InventoryCommand retry = command(order, new ReserveStock(List.of(line(sku, 2))));
        service.handle(retry);

        List<InventoryEvent> replies = replies(order);
        assertThat(replies).hasSize(2);
        assertThat(replies.get(1).getPayload()).isEqualTo(new StockReserved(List.of(line(sku, 2))));
        assertThat(replies.get(1).getStepId()).isEqualTo(retry.getStepId());
        assertThat(stock(sku)).containsExactly(5, 2);
    }

    @Test
    void aRetriedReserveStockRepliesTheOriginalRejectionEvenIfStockArrivedSince() {
        String sku = newProduct(1);
        String order = newOrderId();
        service.handle(command(order, new ReserveStock(List.of(line(sku, 3)))));
        jdbc.update("UPDATE products SET on_hand = 100 WHERE sku = ?", sku);

        service.handle(command(order, new ReserveStock(List.of(line(sku, 3)))));

        List<InventoryEvent> replies = replies(order);
        assertThat(replies).extracting(InventoryEvent::getPayload).containsExactly(
                new StockRejected("not enough stock of " + sku + ": 3 requested, 1 available"),
                new StockRejected("not enough stock of " + sku + ": 3 requested, 1 available"));
        assertThat(stock(sku)).containsExactly(100, 0);
    }

    @Test
    void concurrentRetriesOfOneReserveStockReserveOnce() throws Exception {
        String sku = newProduct(100);
        String order = newOrderId();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    service.handle(command(order, new ReserveStock(List.of(line(sku, 3)))));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }

        assertThat(replies(order)).hasSize(8).extracting(InventoryEvent::getPayload)
                .containsOnly(new StockReserved(List.of(line(sku, 3))));
        assertThat(stock(sku)).containsExactly(100, 3);
    }

    @Test
    void releasingTwiceGivesTheUnitsBackOnce() {
        String a = newProduct(10);
        String b = newProduct(10);
        String order = newOrderId();
        service.handle(command(order, new ReserveStock(List.of(line(a, 3), line(b, 1)))));

        service.handle(command(order, new ReleaseStock("payment declined")));
        service.handle(command(order, new ReleaseStock("payment declined")));

        List<OrderLine> held = inSkuOrder(line(a, 3), line(b, 1));
        assertThat(replies(order)).extracting(InventoryEvent::getPayload).containsExactly(
                new StockReserved(held), new StockReleased(held), new StockReleased(held));
        assertThat(stock(a)).containsExactly(10, 0);
        assertThat(stock(b)).containsExactly(10, 0);
        assertThat(reservationStatus(order)).isEqualTo("RELEASED");
    }

    @Test
    void releasingWhatWasNeverReservedChangesNothing() {
        String sku = newProduct(1);
        String rejected = newOrderId();
        String unknown = newOrderId();
        service.handle(command(rejected, new ReserveStock(List.of(line(sku, 2)))));

        service.handle(command(rejected, new ReleaseStock("saga aborted")));
        service.handle(command(unknown, new ReleaseStock("saga aborted")));

        assertThat(replies(rejected).get(1).getPayload()).isEqualTo(new StockReleased(List.of()));
        assertThat(onlyReply(unknown).getPayload()).isEqualTo(new StockReleased(List.of()));
        assertThat(reservationStatus(rejected)).isEqualTo("REJECTED");
        assertThat(reservationStatus(unknown)).isEqualTo("CANCELLED");
        assertThat(stock(sku)).containsExactly(1, 0);
    }

    @Test
    void aReserveThatComesAfterTheReleaseCancellingItIsRefusedAndReservesNothing() {
        String sku = newProduct(10);
        String order = newOrderId();
        // The saga timed out the reserve and cancelled it; the reserve arrives afterwards (redelivered, replayed).
        service.handle(command(order, new ReleaseStock("reserve step timed out")));

        service.handle(command(order, new ReserveStock(List.of(line(sku, 4)))));
        service.handle(command(order, new ReserveStock(List.of(line(sku, 4)))));
        service.handle(command(order, new ReleaseStock("reserve step timed out")));

        assertThat(replies(order)).extracting(InventoryEvent::getPayload).containsExactly(
                new StockReleased(List.of()),
                new StockRejected("the order was cancelled before its stock was reserved (reserve step timed out)"),
                new StockRejected("the order was cancelled before its stock was reserved (reserve step timed out)"),
                new StockReleased(List.of()));
        assertThat(stock(sku)).containsExactly(10, 0);
        assertThat(reservationStatus(order)).isEqualTo("CANCELLED");
    }

    @Test
    void aReserveFollowedByTheReleaseCancellingItHoldsNothing() {
        String sku = newProduct(10);
        String order = newOrderId();

        service.handle(command(order, new ReserveStock(List.of(line(sku, 4)))));
        service.handle(command(order, new ReleaseStock("reserve step timed out")));

        assertThat(stock(sku)).containsExactly(10, 0);
        assertThat(reservationStatus(order)).isEqualTo("RELEASED");
    }

    @Test
    void committingMovesTheReservedUnitsOutOfOnHandOnce() {
        String sku = newProduct(10);
        String order = newOrderId();
        service.handle(command(order, new ReserveStock(List.of(line(sku, 4)))));

        service.handle(command(order, new CommitStock("order completed")));
        service.handle(command(order, new CommitStock("order completed")));
        service.handle(command(order, new ReleaseStock("too late")));

        assertThat(replies(order)).extracting(InventoryEvent::getPayload).containsExactly(
                new StockReserved(List.of(line(sku, 4))),
                new StockCommitted(List.of(line(sku, 4))),
                new StockCommitted(List.of(line(sku, 4))),
                new StockReleased(List.of()));
        assertThat(stock(sku)).containsExactly(6, 0);
        assertThat(reservationStatus(order)).isEqualTo("COMMITTED");
    }

    @Test
    void committingAReleasedReservationCommitsNothing() {
        String sku = newProduct(10);
        String order = newOrderId();
        service.handle(command(order, new ReserveStock(List.of(line(sku, 4)))));
        service.handle(command(order, new ReleaseStock("payment declined")));

        service.handle(command(order, new CommitStock("order completed")));

        assertThat(replies(order).get(2).getPayload()).isEqualTo(new StockCommitted(List.of()));
        assertThat(stock(sku)).containsExactly(10, 0);
        assertThat(reservationStatus(order)).isEqualTo("RELEASED");
    }

    @Test
    void theDatabaseRefusesToReserveMoreThanIsOnHand() {
        String sku = newProduct(10);

        assertThatThrownBy(() -> jdbc.update("UPDATE products SET reserved = 11 WHERE sku = ?", sku))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("products_reserved_within_on_hand");
    }

    // --- helpers

    private String newProduct(int onHand) {
        String sku = "T-" + UUID.randomUUID();
        jdbc.update("INSERT INTO products (sku, name, on_hand, reserved) VALUES (?, 'Test product', ?, 0)", sku,
                onHand);
        return sku;
    }

    private static String newOrderId() {
        return "order-" + UUID.randomUUID();
    }

    private static OrderLine line(String sku, int qty) {
        return new OrderLine(sku, qty);
    }

    /** Replies list a reservation's lines in SKU order. */
    private static List<OrderLine> inSkuOrder(OrderLine... lines) {
        return Arrays.stream(lines).sorted(Comparator.comparing(OrderLine::getSku)).toList();
    }

    private static InventoryCommand command(String orderId, Object payload) {
        return InventoryCommand.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOrderId(orderId)
                .setStepId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now())
                .setSchemaVersion(Envelopes.SCHEMA_VERSION)
                .setPayload(payload)
                .build();
    }

    /** {@code [onHand, reserved]} */
    private List<Integer> stock(String sku) {
        return jdbc.queryForObject("SELECT on_hand, reserved FROM products WHERE sku = ?",
                (rs, i) -> Arrays.asList(rs.getInt("on_hand"), rs.getInt("reserved")), sku);
    }

    private String reservationStatus(String orderId) {
        return jdbc.queryForList("SELECT status FROM reservations WHERE order_id = ?", String.class, orderId)
                .stream().findFirst().orElse(null);
    }

    private int countReplies(List<String> orders, String eventType) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM outbox
                 WHERE aggregate_id = ANY (?) AND (CAST(? AS TEXT) IS NULL OR event_type = ?)""",
                Integer.class, orders.toArray(String[]::new), eventType, eventType);
    }

    /**
     * The order's replies in the outbox, decoded with plain Avro's specific reader (the outbox holds the
     * plain Avro binary the relay publishes), so payloads compare with equals().
     */
    private List<InventoryEvent> replies(String orderId) {
        return jdbc.query("SELECT payload FROM outbox WHERE aggregate_id = ? ORDER BY id",
                (rs, i) -> decode(rs.getBytes("payload")), orderId);
    }

    private static InventoryEvent decode(byte[] payload) {
        try {
            return new SpecificDatumReader<>(InventoryEvent.class)
                    .read(null, DecoderFactory.get().binaryDecoder(payload, null));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private InventoryEvent onlyReply(String orderId) {
        List<InventoryEvent> replies = replies(orderId);
        assertThat(replies).hasSize(1);
        return replies.get(0);
    }
}
