-- A step that times out is now cancelled by a command the saga sends and does not wait for (saga_log status SENT),
-- and a timed-out charge is cancelled that way too: the saga no longer waits in REFUNDING_PAYMENT.
ALTER TABLE saga_log DROP CONSTRAINT saga_log_status_check;
ALTER TABLE saga_log ADD CONSTRAINT saga_log_status_check
    CHECK (status IN ('PENDING', 'SENT', 'CONFIRMED', 'FAILED', 'COMPENSATED'));

-- Sagas that were waiting for a refund have sent it already: they go on with releasing their stock, at once (their
-- step is due now, so the next timeout check sends ReleaseStock). Parked refunds become parked releases, which an
-- operator's retry sends; the refund they sent earlier is still applied by the payment service.
UPDATE orders SET saga_state = 'RELEASING_STOCK', current_step = 'RELEASE_STOCK', step_deadline = now(), step_attempts = 1
 WHERE saga_state = 'REFUNDING_PAYMENT';
UPDATE orders SET current_step = 'RELEASE_STOCK'
 WHERE saga_state = 'COMPENSATION_FAILED' AND current_step = 'REFUND_PAYMENT';
