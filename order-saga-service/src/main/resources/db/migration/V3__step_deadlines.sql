-- Step timeouts: when the reply to the current step is overdue, and how many times that step was sent.
ALTER TABLE orders ADD COLUMN step_deadline TIMESTAMPTZ;           -- NULL when the saga waits for no reply
ALTER TABLE orders ADD COLUMN step_attempts INT NOT NULL DEFAULT 1;
-- Sagas already waiting get the default deadline (saga.step-timeout = 30s) from now.
UPDATE orders SET step_deadline = now() + INTERVAL '30 seconds' WHERE status = 'PENDING';
CREATE INDEX orders_by_step_deadline ON orders (step_deadline) WHERE status = 'PENDING';
-- orders.status may now also be COMPENSATION_FAILED (a compensation parked for an operator); it has no CHECK.
