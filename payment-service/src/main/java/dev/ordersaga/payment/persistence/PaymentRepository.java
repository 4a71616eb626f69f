package dev.ordersaga.payment.persistence;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface PaymentRepository extends JpaRepository<Payment, String> {

    /** The order's payment, its row locked until the transaction ends. */
    @Query(value = "SELECT * FROM payments WHERE order_id = :orderId FOR UPDATE", nativeQuery = true)
    Optional<Payment> lockByOrderId(@Param("orderId") String orderId);
}
