-- Team sync, desktop side (docs/SYNC.md, src/backend/sync/). Tables only: the capture triggers that fill the
-- outbox are installed when the office turns sync on (src/backend/sync/capture.ts), so that a desktop without
-- sync, and its bulk imports, pay nothing.
-- The device's hybrid clock (last timestamp sent or received), the pull cursor, and `applying`, set to 1 inside
-- the transaction that applies pulled cells so that the capture triggers do not send them back.
CREATE TABLE sync_state (
  id INTEGER PRIMARY KEY, hlc TEXT NOT NULL, cursor INTEGER NOT NULL DEFAULT 0, applying INTEGER NOT NULL DEFAULT 0
);
--> statement-breakpoint
-- Local changes not yet acknowledged by the server, oldest first. `col` '*' is a whole inserted row (`value` a
-- JSON object of its columns: one row per insert keeps a 100k import cheap); otherwise `value` is the cell's
-- JSON value. An entry leaves only when the server has acknowledged it.
CREATE TABLE sync_outbox (
  seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id TEXT NOT NULL, col TEXT NOT NULL, value TEXT NOT NULL, hlc TEXT NOT NULL
);
--> statement-breakpoint
-- The HLC of the last write (local or applied) of every cell, for last-writer-wins when applying pulled cells.
-- `col` '*' holds the time of the row's local insert (its columns without an entry of their own).
CREATE TABLE sync_clock (
  tbl TEXT NOT NULL, row_id TEXT NOT NULL, col TEXT NOT NULL, hlc TEXT NOT NULL, PRIMARY KEY (tbl, row_id, col)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TRIGGER sync_outbox_clock AFTER INSERT ON sync_outbox BEGIN
  INSERT OR REPLACE INTO sync_clock(tbl, row_id, col, hlc) VALUES (new.tbl, new.row_id, new.col, new.hlc);
END;
--> statement-breakpoint
-- Cells kept but not applied, never dropped: pulled cells of tables or columns this version does not know, or
-- that the local schema refused (`reason`); and local cells the server refused (`reason` starts 'rejected:').
CREATE TABLE sync_parked (
  tbl TEXT NOT NULL, row_id TEXT NOT NULL, col TEXT NOT NULL, value TEXT NOT NULL, hlc TEXT NOT NULL,
  device_id TEXT, reason TEXT NOT NULL, PRIMARY KEY (tbl, row_id, col)
) WITHOUT ROWID;
