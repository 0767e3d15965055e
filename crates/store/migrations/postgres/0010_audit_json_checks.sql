-- The audit log's JSON checks are NULL-safe here already (0002); SQLite's
-- are rebuilt in its 0010. Kept so both backends number their migrations alike.
SELECT 1;
