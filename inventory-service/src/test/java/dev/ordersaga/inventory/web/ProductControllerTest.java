package dev.ordersaga.inventory.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import dev.ordersaga.contracts.Envelopes;
import dev.ordersaga.contracts.InventoryCommand;
import dev.ordersaga.contracts.OrderLine;
import dev.ordersaga.contracts.ReserveStock;
import dev.ordersaga.inventory.PostgresTest;
import dev.ordersaga.inventory.messaging.InventoryCommandService;

class ProductControllerTest extends PostgresTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    InventoryCommandService service;

    @Test
    void showsTheSeededProduct() throws Exception {
        mvc.perform(get("/products/C"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(content().json("""
                        {"sku":"C","name":"Limited edition","onHand":10,"reserved":0,"available":10}""", true));
    }

    @Test
    void listsEveryProductInSkuOrder() throws Exception {
        mvc.perform(get("/products"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].sku").value("A"))
                .andExpect(jsonPath("$[0].name").value("Widget"))
                .andExpect(jsonPath("$[0].onHand").value(1000))
                .andExpect(jsonPath("$[1].sku").value("B"))
                .andExpect(jsonPath("$[1].name").value("Gadget"))
                .andExpect(jsonPath("$[1].onHand").value(500))
                .andExpect(jsonPath("$[2].sku").value("C"))
                .andExpect(jsonPath("$[2].available").value(10));
    }

    @Test
    void showsReservedUnitsAsUnavailable() throws Exception {
        String sku = "T-" + UUID.randomUUID();
        jdbc.update("INSERT INTO products (sku, name, on_hand, reserved) VALUES (?, 'Test product', 7, 0)", sku);
        service.handle(InventoryCommand.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOrderId("order-" + UUID.randomUUID())
                .setStepId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now())
                .setSchemaVersion(Envelopes.SCHEMA_VERSION)
                .setPayload(new ReserveStock(List.of(new OrderLine(sku, 3))))
                .build());

        mvc.perform(get("/products/" + sku))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.onHand").value(7))
                .andExpect(jsonPath("$.reserved").value(3))
                .andExpect(jsonPath("$.available").value(4));
    }

    @Test
    void anUnknownSkuIsA404ProblemDetail() throws Exception {
        mvc.perform(get("/products/Z"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(404))
                .andExpect(jsonPath("$.detail").value("unknown SKU Z"));
    }
}
