-- The transactional outbox and the idempotent inbox, shared by every service (outbox-inbox library).
-- Versions below 1 so that each service's own migrations (V1, V2, ...) follow them.

CREATE TABLE outbox (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    aggregate_id    TEXT        NOT NULL,              -- the order id; also the Pulsar message key
    event_id        UUID        NOT NULL UNIQUE,
    event_type      TEXT        NOT NULL,              -- payload type, e.g. StockReserved
    topic           TEXT        NOT NULL,
    payload         BYTEA       NOT NULL,              -- the Avro bytes exactly as published
    status          TEXT        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
    retry_count     INT         NOT NULL DEFAULT 0,
    last_error      TEXT,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    message_id      TEXT,                              -- Pulsar's id once acknowledged
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at         TIMESTAMPTZ
);

-- The relay reads pending rows in id order, and checks an aggregate has no older unsent row.
CREATE INDEX outbox_pending ON outbox (id) WHERE status = 'PENDING';
CREATE INDEX outbox_unsent_by_aggregate ON outbox (aggregate_id, id) WHERE status <> 'SENT';

-- Wake the relay at commit time instead of making it poll (one notification per statement).
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();

CREATE TABLE processed_events (
    consumer     TEXT        NOT NULL,                 -- the subscription that handled it
    event_id     UUID        NOT NULL,
    topic        TEXT        NOT NULL,
    message_id   TEXT        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
