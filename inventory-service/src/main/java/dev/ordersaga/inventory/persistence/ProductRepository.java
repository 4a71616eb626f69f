package dev.ordersaga.inventory.persistence;

import java.util.Collection;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ProductRepository extends JpaRepository<Product, String> {

    /**
     * Locks the rows of the given SKUs ({@code FOR UPDATE}) in SKU order, so that orders touching the
     * same products queue up instead of deadlocking. Unknown SKUs are simply absent from the result.
     * Must run inside a transaction; the locks are held until it ends.
     */
    @Query(value = "SELECT * FROM products WHERE sku IN (:skus) ORDER BY sku FOR UPDATE", nativeQuery = true)
    List<Product> lockAll(@Param("skus") Collection<String> skus);

    List<Product> findAllByOrderBySku();
}
