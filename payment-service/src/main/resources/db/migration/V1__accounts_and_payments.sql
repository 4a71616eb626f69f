-- Customer accounts and the payment of each order. Money is in cents.

CREATE TABLE accounts (
    customer_id   TEXT PRIMARY KEY,
    name          TEXT   NOT NULL,
    -- The last line of defence against overdrawing.
    balance_cents BIGINT NOT NULL CONSTRAINT accounts_balance_not_negative CHECK (balance_cents >= 0)
);

-- One payment per order: its outcome is stored so that a retried command gets the same answer.
-- No foreign key to accounts: a charge for an unknown customer is recorded as DECLINED too.
CREATE TABLE payments (
    order_id     TEXT PRIMARY KEY,
    customer_id  TEXT        NOT NULL,
    amount_cents BIGINT      NOT NULL CHECK (amount_cents >= 0),
    status       TEXT        NOT NULL CHECK (status IN ('CHARGED', 'DECLINED', 'REFUNDED')),
    reason       TEXT,                                 -- why it was declined or refunded
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
