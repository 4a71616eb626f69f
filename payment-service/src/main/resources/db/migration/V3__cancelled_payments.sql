-- CANCELLED: a RefundPayment came before any ChargePayment (the saga gave up on a charge that timed out). The row
-- stays, so that the charge is declined if it still arrives (a redelivery, a replayed dead letter). The refund does
-- not name the customer, so a cancelled payment has none.
ALTER TABLE payments DROP CONSTRAINT payments_status_check;
ALTER TABLE payments ADD CONSTRAINT payments_status_check
    CHECK (status IN ('CHARGED', 'DECLINED', 'REFUNDED', 'CANCELLED'));
ALTER TABLE payments ALTER COLUMN customer_id DROP NOT NULL;
ALTER TABLE payments ADD CONSTRAINT payments_customer_named CHECK (customer_id IS NOT NULL OR status = 'CANCELLED');
