-- CANCELLED: a ReleaseStock came before any ReserveStock (the saga gave up on a reserve that timed out). The row
-- stays, so that the reserve is refused if it still arrives (a redelivery, a replayed dead letter).
ALTER TABLE reservations DROP CONSTRAINT reservations_status_check;
ALTER TABLE reservations ADD CONSTRAINT reservations_status_check
    CHECK (status IN ('RESERVED', 'REJECTED', 'RELEASED', 'COMMITTED', 'CANCELLED'));
