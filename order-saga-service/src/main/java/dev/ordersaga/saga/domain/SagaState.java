package dev.ordersaga.saga.domain;

/** Where the saga of one order stands: which reply it waits for, or how it ended. */
public enum SagaState {
    RESERVING_STOCK(OrderStatus.PENDING),
    CHARGING_PAYMENT(OrderStatus.PENDING),
    COMMITTING_STOCK(OrderStatus.PENDING),
    RELEASING_STOCK(OrderStatus.PENDING),
    COMPLETED(OrderStatus.COMPLETED),
    REJECTED(OrderStatus.REJECTED),
    COMPENSATED(OrderStatus.COMPENSATED),
    /** Parked: the release in {@link Saga#currentStep()} got no reply; an operator may retry it. */
    COMPENSATION_FAILED(OrderStatus.COMPENSATION_FAILED);

    private final OrderStatus orderStatus;

    SagaState(OrderStatus orderStatus) {
        this.orderStatus = orderStatus;
    }

    public OrderStatus orderStatus() {
        return orderStatus;
    }

    public boolean isFinished() {
        return orderStatus.isTerminal();
    }
}
