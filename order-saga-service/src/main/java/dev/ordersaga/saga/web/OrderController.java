package dev.ordersaga.saga.web;

import java.net.URI;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.ordersaga.saga.application.OrderSagaService;
import dev.ordersaga.saga.domain.OrderLine;
import dev.ordersaga.saga.persistence.OrderEntity;
import dev.ordersaga.saga.persistence.SagaLogEntity;

/** The service's internal API, called by the BFF. */
@RestController
@RequestMapping("/orders")
class OrderController {

    private final OrderSagaService sagas;

    OrderController(OrderSagaService sagas) {
        this.sagas = sagas;
    }

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    static final int IDEMPOTENCY_KEY_MAX_LENGTH = 255;

    /**
     * The Idempotency-Key is read from the servlet request, not bound with {@code @RequestHeader}, which would join
     * two headers into one value "k1,k2". Its syntax is the BFF's (which checks it first, for the public API): 1 to
     * 255 visible ASCII characters other than the comma, given at most once. Tomcat reads header bytes as
     * ISO-8859-1, so a UTF-8 key would be stored as something the client never sent.
     */
    @PostMapping
    ResponseEntity<?> place(HttpServletRequest servletRequest, @Valid @RequestBody PlaceOrder request) {
        List<String> keys = Collections.list(servletRequest.getHeaders(IDEMPOTENCY_KEY));
        String invalid = invalidIdempotencyKey(keys);
        if (invalid != null) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    IDEMPOTENCY_KEY + " " + invalid);
            problem.setTitle("Invalid Idempotency-Key");
            problem.setProperty("errors", List.of(Map.of("field", IDEMPOTENCY_KEY, "message", invalid)));
            return ResponseEntity.badRequest().body(problem);
        }
        String idempotencyKey = keys.isEmpty() ? null : keys.get(0);
        OrderEntity order;
        try {
            order = sagas.place(idempotencyKey, request.customerId(), request.amountCents(),
                    request.items().stream().map(l -> new OrderLine(l.sku(), l.qty())).toList());
        }
        catch (OrderSagaService.IdempotencyKeyReusedException e) {
            return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused", e.getMessage());
        }
        return ResponseEntity.created(URI.create("/orders/" + order.getOrderId()))
                .body(new PlacedOrder(order.getOrderId(), order.getStatus().name()));
    }

    @GetMapping("/{orderId}")
    ResponseEntity<?> find(@PathVariable String orderId) {
        UUID id;
        try {
            id = UUID.fromString(orderId);
        }
        catch (IllegalArgumentException e) {
            return notFound(orderId);
        }
        return sagas.find(id).<ResponseEntity<?>>map(found -> ResponseEntity.ok(OrderView.of(found)))
                .orElseGet(() -> notFound(orderId));
    }

    /** Moves a saga parked in COMPENSATION_FAILED back to its compensation and sends it again. */
    @PostMapping("/{orderId}/retry-compensation")
    ResponseEntity<?> retryCompensation(@PathVariable String orderId) {
        UUID id;
        try {
            id = UUID.fromString(orderId);
        }
        catch (IllegalArgumentException e) {
            return notFound(orderId);
        }
        try {
            return sagas.retryCompensation(id).<ResponseEntity<?>>map(order -> ResponseEntity.accepted()
                    .body(new RetriedCompensation(order.getOrderId(), order.getStatus().name(),
                            order.getSagaState().name(), order.getCurrentStep().name(), order.getCurrentStepId())))
                    .orElseGet(() -> notFound(orderId));
        }
        catch (OrderSagaService.NotParkedException e) {
            return problem(HttpStatus.CONFLICT, "No compensation to retry", e.getMessage());
        }
    }

    /** @return what is wrong with the request's Idempotency-Key headers, or null when they are fine (or absent) */
    static String invalidIdempotencyKey(List<String> keys) {
        if (keys.size() > 1) {
            return "must be given once, not " + keys.size() + " times";
        }
        if (keys.isEmpty()) {
            return null;
        }
        String key = keys.get(0);
        if (key.isEmpty()) {
            return "must not be empty";
        }
        if (key.length() > IDEMPOTENCY_KEY_MAX_LENGTH) {
            return "must be at most " + IDEMPOTENCY_KEY_MAX_LENGTH + " characters";
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7E || c == ',') {
                return "has a character that is not allowed at position " + (i + 1)
                        + " (1 to 255 visible ASCII characters, 0x21-0x7E, other than the comma)";
            }
        }
        return null;
    }

    private static ResponseEntity<ProblemDetail> notFound(String orderId) {
        return problem(HttpStatus.NOT_FOUND, "Order not found", "No order " + orderId);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return ResponseEntity.status(status).body(problem);
    }

    record PlaceOrder(@NotBlank @Size(max = 64) String customerId,
            @NotEmpty @Size(max = 100) List<@Valid @NotNull Line> items,
            @NotNull @PositiveOrZero Long amountCents) {
    }

    record Line(@NotBlank @Size(max = 64) String sku, @NotNull @Positive Integer qty) {
    }

    record PlacedOrder(UUID orderId, String status) {
    }

    record RetriedCompensation(UUID orderId, String status, String sagaState, String step, UUID stepId) {
    }

    record OrderView(UUID orderId, String status, String sagaState, String customerId, long amountCents,
            List<Line> items, Instant createdAt, Instant updatedAt, List<LogRow> log) {

        static OrderView of(OrderSagaService.OrderWithLog found) {
            OrderEntity o = found.order();
            return new OrderView(o.getOrderId(), o.getStatus().name(), o.getSagaState().name(), o.getCustomerId(),
                    o.getAmountCents(), o.items().stream().map(l -> new Line(l.sku(), l.qty())).toList(),
                    o.getCreatedAt(), o.getUpdatedAt(), found.log().stream().map(LogRow::of).toList());
        }
    }

    record LogRow(String step, UUID stepId, String type, String status, Instant ts, String error, String payload) {
        static LogRow of(SagaLogEntity e) {
            return new LogRow(e.getStep().name(), e.getStepId(), e.getType().name(), e.getStatus().name(), e.getTs(),
                    e.getError(), e.getPayload());
        }
    }
}
