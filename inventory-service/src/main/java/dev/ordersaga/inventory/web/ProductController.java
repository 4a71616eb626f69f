package dev.ordersaga.inventory.web;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import dev.ordersaga.inventory.persistence.ProductRepository;

/** Read-only view of the stock. Stock changes only through inventory.commands. */
@RestController
@RequestMapping("/products")
public class ProductController {

    private final ProductRepository products;

    public ProductController(ProductRepository products) {
        this.products = products;
    }

    @GetMapping
    public List<ProductView> list() {
        return products.findAllByOrderBySku().stream().map(ProductView::of).toList();
    }

    @GetMapping("/{sku}")
    public ProductView get(@PathVariable String sku) {
        return products.findById(sku)
                .map(ProductView::of)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "unknown SKU " + sku));
    }
}
