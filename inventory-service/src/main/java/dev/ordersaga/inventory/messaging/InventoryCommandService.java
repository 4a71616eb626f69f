package dev.ordersaga.inventory.messaging;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

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
import dev.ordersaga.inventory.domain.Inventory;
import dev.ordersaga.inventory.domain.ReservationDecision;
import dev.ordersaga.inventory.domain.ReservationStatus;
import dev.ordersaga.inventory.domain.StockLine;
import dev.ordersaga.messaging.OrderLocks;
import dev.ordersaga.inventory.persistence.Product;
import dev.ordersaga.inventory.persistence.ProductRepository;
import dev.ordersaga.inventory.persistence.Reservation;
import dev.ordersaga.inventory.persistence.ReservationRepository;
import dev.ordersaga.messaging.outbox.OutboxWriter;

/**
 * Applies one inventory command and appends its reply to the outbox, in one transaction (the inbox's,
 * when called from the listener). Every command for an order first takes the order's lock, then the
 * product rows in SKU order.
 */
@Service
public class InventoryCommandService {

    private static final Logger log = LoggerFactory.getLogger(InventoryCommandService.class);

    private final ProductRepository products;
    private final ReservationRepository reservations;
    private final OrderLocks orderLocks;
    private final OutboxWriter outbox;

    public InventoryCommandService(ProductRepository products, ReservationRepository reservations,
            OrderLocks orderLocks, OutboxWriter outbox) {
        this.products = products;
        this.reservations = reservations;
        this.orderLocks = orderLocks;
        this.outbox = outbox;
    }

    @Transactional
    public void handle(InventoryCommand command) {
        orderLocks.lock(command.getOrderId());
        Object payload = command.getPayload();
        if (payload instanceof ReserveStock reserve) {
            reserve(command, reserve);
        }
        else if (payload instanceof ReleaseStock release) {
            release(command, release);
        }
        else if (payload instanceof CommitStock commit) {
            commit(command, commit);
        }
        else {
            throw new IllegalArgumentException("unsupported inventory command " + Envelopes.type(command));
        }
    }

    private void reserve(InventoryCommand command, ReserveStock reserve) {
        String orderId = command.getOrderId();
        var existing = reservations.lockByOrderId(orderId);
        if (existing.isPresent()) {
            Reservation reservation = existing.get();
            if (reservation.getStatus().wasReserved()) {
                log.info("Order {}: stock already reserved ({}, now {}); replying StockReserved again", orderId,
                        StockLine.describe(reservation.lines()), reservation.getStatus());
                reply(command, new StockReserved(toOrderLines(reservation.lines())));
            }
            else if (reservation.getStatus() == ReservationStatus.CANCELLED) {
                String reason = "the order was cancelled before its stock was reserved (" + reservation.getReason() + ")";
                log.info("Order {}: ReserveStock refused, {}", orderId, reason);
                reply(command, new StockRejected(reason));
            }
            else {
                log.info("Order {}: stock already rejected ({}); replying StockRejected again", orderId,
                        reservation.getReason());
                reply(command, new StockRejected(reservation.getReason()));
            }
            return;
        }

        List<StockLine> requested = reserve.getItems().stream()
                .map(line -> new StockLine(line.getSku(), line.getQty()))
                .toList();
        Map<String, Product> locked = lock(Inventory.skusOf(requested));
        ReservationDecision decision = Inventory.reserve(requested,
                locked.values().stream().map(Product::level).toList());

        if (decision instanceof ReservationDecision.Reserve accepted) {
            for (StockLine line : accepted.lines()) {
                Product product = locked.get(line.sku());
                product.apply(product.level().reserve(line.qty()));
            }
            reservations.save(Reservation.reserved(orderId, accepted.lines()));
            log.info("Order {}: stock reserved ({})", orderId, StockLine.describe(accepted.lines()));
            reply(command, new StockReserved(toOrderLines(accepted.lines())));
        }
        else {
            String reason = ((ReservationDecision.Reject) decision).reason();
            reservations.save(Reservation.rejected(orderId, reason));
            log.info("Order {}: stock rejected ({})", orderId, reason);
            reply(command, new StockRejected(reason));
        }
    }

    private void release(InventoryCommand command, ReleaseStock release) {
        String orderId = command.getOrderId();
        Reservation reservation = reservations.lockByOrderId(orderId).orElse(null);
        if (reservation == null) {
            // The saga gave up on a reserve that has not arrived (or was redelivered behind this release): record
            // the release, so that reserve is refused whenever it comes.
            reservations.save(Reservation.cancelled(orderId, release.getReason()));
            log.info("Order {}: released before any reserve ({}); a later ReserveStock will be refused", orderId,
                    release.getReason());
            reply(command, new StockReleased(List.of()));
            return;
        }
        switch (reservation.getStatus()) {
            case RESERVED -> {
                List<StockLine> lines = reservation.lines();
                Map<String, Product> locked = lock(Inventory.skusOf(lines));
                for (StockLine line : lines) {
                    Product product = required(locked, line, orderId);
                    product.apply(product.level().release(line.qty()));
                }
                reservation.released(release.getReason());
                log.info("Order {}: stock released ({}) because {}", orderId, StockLine.describe(lines),
                        release.getReason());
                reply(command, new StockReleased(toOrderLines(lines)));
            }
            case RELEASED -> {
                log.info("Order {}: stock already released ({}); replying StockReleased again", orderId,
                        StockLine.describe(reservation.lines()));
                reply(command, new StockReleased(toOrderLines(reservation.lines())));
            }
            case REJECTED, COMMITTED, CANCELLED -> {
                log.info("Order {}: nothing to release, its reservation is {} ({})", orderId,
                        reservation.getStatus(), release.getReason());
                reply(command, new StockReleased(List.of()));
            }
        }
    }

    private void commit(InventoryCommand command, CommitStock commit) {
        String orderId = command.getOrderId();
        Reservation reservation = reservations.lockByOrderId(orderId).orElse(null);
        ReservationStatus status = reservation == null ? null : reservation.getStatus();
        if (status == ReservationStatus.RESERVED) {
            List<StockLine> lines = reservation.lines();
            Map<String, Product> locked = lock(Inventory.skusOf(lines));
            for (StockLine line : lines) {
                Product product = required(locked, line, orderId);
                product.apply(product.level().commit(line.qty()));
            }
            reservation.committed(commit.getReason());
            log.info("Order {}: stock committed ({})", orderId, StockLine.describe(lines));
            reply(command, new StockCommitted(toOrderLines(lines)));
        }
        else if (status == ReservationStatus.COMMITTED) {
            log.info("Order {}: stock already committed ({}); replying StockCommitted again", orderId,
                    StockLine.describe(reservation.lines()));
            reply(command, new StockCommitted(toOrderLines(reservation.lines())));
        }
        else {
            log.warn("Order {}: CommitStock ({}) but the order holds no reserved stock (reservation {}); "
                    + "nothing committed", orderId, commit.getReason(), status == null ? "absent" : status);
            reply(command, new StockCommitted(List.of()));
        }
    }

    private Map<String, Product> lock(List<String> sortedSkus) {
        Map<String, Product> locked = new HashMap<>();
        if (!sortedSkus.isEmpty()) {
            products.lockAll(sortedSkus).forEach(product -> locked.put(product.getSku(), product));
        }
        return locked;
    }

    private static Product required(Map<String, Product> locked, StockLine line, String orderId) {
        Product product = locked.get(line.sku());
        if (product == null) {
            throw new IllegalStateException("order " + orderId + " holds " + line + " but product " + line.sku()
                    + " no longer exists");
        }
        return product;
    }

    private static List<OrderLine> toOrderLines(List<StockLine> lines) {
        return lines.stream().map(line -> new OrderLine(line.sku(), line.qty())).toList();
    }

    private void reply(InventoryCommand command, Object payload) {
        outbox.append(InventoryEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOrderId(command.getOrderId())
                .setStepId(command.getStepId())
                .setOccurredAt(Instant.now())
                .setSchemaVersion(Envelopes.SCHEMA_VERSION)
                .setPayload(payload)
                .build());
    }
}
