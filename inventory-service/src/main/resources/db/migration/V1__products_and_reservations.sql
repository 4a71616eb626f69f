-- Stock per SKU and the reservations orders hold on it.

CREATE TABLE products (
    sku      TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    on_hand  INT  NOT NULL CHECK (on_hand >= 0),
    reserved INT  NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    -- The last line of defence against overselling: available = on_hand - reserved never goes negative.
    CONSTRAINT products_reserved_within_on_hand CHECK (reserved <= on_hand)
);

-- One reservation per order: its outcome is stored so that a retried command gets the same answer.
CREATE TABLE reservations (
    order_id   TEXT PRIMARY KEY,
    status     TEXT        NOT NULL CHECK (status IN ('RESERVED', 'REJECTED', 'RELEASED', 'COMMITTED')),
    reason     TEXT,                                   -- why it was rejected, released or committed
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- What a reservation holds (or held), one row per SKU; a rejected reservation has none.
CREATE TABLE reservation_lines (
    order_id TEXT NOT NULL REFERENCES reservations (order_id),
    sku      TEXT NOT NULL,
    qty      INT  NOT NULL CHECK (qty > 0),
    PRIMARY KEY (order_id, sku)
);
