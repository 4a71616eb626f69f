package dev.ordersaga.saga.domain;

import java.util.List;
import java.util.UUID;

/** A command the saga sends to a participant, under a new step id. */
public sealed interface SagaCommand {

    Step step();

    UUID stepId();

    record ReserveStock(UUID stepId, List<OrderLine> items) implements SagaCommand {
        public Step step() {
            return Step.RESERVE_STOCK;
        }
    }

    record ChargePayment(UUID stepId, String customerId, long amountCents) implements SagaCommand {
        public Step step() {
            return Step.CHARGE_PAYMENT;
        }
    }

    record CommitStock(UUID stepId) implements SagaCommand {
        public Step step() {
            return Step.COMMIT_STOCK;
        }
    }

    record ReleaseStock(UUID stepId, String reason) implements SagaCommand {
        public Step step() {
            return Step.RELEASE_STOCK;
        }
    }

    /** Undoes a charge whose reply never came (the charge may or may not have happened). */
    record RefundPayment(UUID stepId, String reason) implements SagaCommand {
        public Step step() {
            return Step.REFUND_PAYMENT;
        }
    }
}
