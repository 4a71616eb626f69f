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

    /** Gives back reserved stock; for a reserve that timed out, also refuses that reserve if it comes later. */
    record ReleaseStock(UUID stepId, String reason) implements SagaCommand {
        public Step step() {
            return Step.RELEASE_STOCK;
        }
    }

    /** Cancels a charge whose reply never came: refunds it if it happened, refuses it if it comes later. */
    record RefundPayment(UUID stepId, String reason) implements SagaCommand {
        public Step step() {
            return Step.REFUND_PAYMENT;
        }
    }
}
