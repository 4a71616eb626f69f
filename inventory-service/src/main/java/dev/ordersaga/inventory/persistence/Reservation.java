package dev.ordersaga.inventory.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

import dev.ordersaga.inventory.domain.ReservationStatus;
import dev.ordersaga.inventory.domain.StockLine;

/**
 * An order's reservation (one per order). Its lines are what it reserved: set when it is RESERVED and
 * kept after it is RELEASED or COMMITTED; a REJECTED reservation has none, only a reason.
 */
@Entity
@Table(name = "reservations")
public class Reservation implements Persistable<String> {

    @Id
    @Column(name = "order_id")
    private String orderId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ReservationStatus status;

    private String reason;

    @ElementCollection
    @CollectionTable(name = "reservation_lines", joinColumns = @JoinColumn(name = "order_id"))
    @OrderBy("sku")
    private List<ReservationLine> lines = new ArrayList<>();

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Transient
    private boolean isNew;

    protected Reservation() {
    }

    private Reservation(String orderId, ReservationStatus status, String reason, List<StockLine> lines) {
        this.orderId = orderId;
        this.status = status;
        this.reason = reason;
        lines.forEach(line -> this.lines.add(new ReservationLine(line)));
        this.createdAt = Instant.now();
        this.updatedAt = createdAt;
        this.isNew = true;
    }

    public static Reservation reserved(String orderId, List<StockLine> lines) {
        return new Reservation(orderId, ReservationStatus.RESERVED, null, lines);
    }

    public static Reservation rejected(String orderId, String reason) {
        return new Reservation(orderId, ReservationStatus.REJECTED, reason, List.of());
    }

    /** Released before it was ever reserved: a later ReserveStock for the order is refused. */
    public static Reservation cancelled(String orderId, String reason) {
        return new Reservation(orderId, ReservationStatus.CANCELLED, reason, List.of());
    }

    public String getOrderId() {
        return orderId;
    }

    public ReservationStatus getStatus() {
        return status;
    }

    public String getReason() {
        return reason;
    }

    public List<StockLine> lines() {
        return lines.stream().map(ReservationLine::toStockLine).toList();
    }

    public void released(String why) {
        transition(ReservationStatus.RELEASED, why);
    }

    public void committed(String why) {
        transition(ReservationStatus.COMMITTED, why);
    }

    private void transition(ReservationStatus to, String why) {
        if (status != ReservationStatus.RESERVED) {
            throw new IllegalStateException("reservation of order " + orderId + " is " + status + ", not RESERVED");
        }
        this.status = to;
        this.reason = why;
        this.updatedAt = Instant.now();
    }

    @Override
    public String getId() {
        return orderId;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    @PostLoad
    @PostPersist
    void markNotNew() {
        this.isNew = false;
    }
}
