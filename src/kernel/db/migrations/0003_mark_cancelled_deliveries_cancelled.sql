-- A delivery cancelled because its report was transferred away used to be stored as state
-- 'failed' with last_error 'cancelled: report transferred to <county>'. 'cancelled' is now a state
-- of its own (no schema change: the column is TEXT); existing rows move to it, keeping the reason.
UPDATE `delivery_outbox`
SET `state` = 'cancelled', `last_error` = ltrim(substr(`last_error`, 11))
WHERE `state` = 'failed' AND substr(`last_error`, 1, 10) = 'cancelled:';
