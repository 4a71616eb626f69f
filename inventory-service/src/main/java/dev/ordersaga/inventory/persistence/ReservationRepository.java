package dev.ordersaga.inventory.persistence;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ReservationRepository extends JpaRepository<Reservation, String> {

    /** The order's reservation, its row locked until the transaction ends. */
    @Query(value = "SELECT * FROM reservations WHERE order_id = :orderId FOR UPDATE", nativeQuery = true)
    Optional<Reservation> lockByOrderId(@Param("orderId") String orderId);
}
