package dev.ordersaga.payment.persistence;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface AccountRepository extends JpaRepository<Account, String> {

    /** The customer's account, its row locked ({@code FOR UPDATE}) until the transaction ends. */
    @Query(value = "SELECT * FROM accounts WHERE customer_id = :customerId FOR UPDATE", nativeQuery = true)
    Optional<Account> lockById(@Param("customerId") String customerId);
}
