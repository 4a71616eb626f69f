CREATE TABLE orders (
    order_id        UUID        PRIMARY KEY,
    customer_id     TEXT        NOT NULL,
    amount_cents    BIGINT      NOT NULL CHECK (amount_cents >= 0),
    status          TEXT        NOT NULL,              -- PENDING, COMPLETED, REJECTED, COMPENSATED
    saga_state      TEXT        NOT NULL,              -- the saga's finer state, e.g. CHARGING_PAYMENT
    current_step    TEXT,                              -- the step whose reply the saga waits for
    current_step_id UUID,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE order_lines (
    order_id UUID NOT NULL REFERENCES orders (order_id),
    line_no  INT  NOT NULL,
    sku      TEXT NOT NULL,
    qty      INT  NOT NULL CHECK (qty > 0),
    PRIMARY KEY (order_id, line_no)
);

-- One row per saga step: a command when it is issued (PENDING), an event when its reply arrives.
CREATE TABLE saga_log (
    id       BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    saga_id  UUID        NOT NULL REFERENCES orders (order_id),
    step     TEXT        NOT NULL,                     -- RESERVE_STOCK, CHARGE_PAYMENT, COMMIT_STOCK, RELEASE_STOCK, ...
    step_id  UUID        NOT NULL,
    type     TEXT        NOT NULL CHECK (type IN ('COMMAND', 'EVENT')),
    status   TEXT        NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'FAILED', 'COMPENSATED')),
    payload  TEXT,
    error    TEXT,
    ts       TIMESTAMPTZ NOT NULL
);
CREATE INDEX saga_log_by_saga ON saga_log (saga_id, id);
