-- The activity feed of remote changes (src/backend/sync/activity.ts): one row per pulled cell that won, written
-- set-based by the apply path (one INSERT … SELECT per page), capped in size (oldest rows go first; an
-- unresolved overwrite of this desktop's value is kept). Local working state: never synced.
-- `overwrote_own` = 1 when the cell replaced a value this desktop had written (the local clock's node was ours);
-- `old_value` is that value as JSON, until the user restores it or keeps the new one (`resolved`).
CREATE TABLE sync_activity (
  id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id TEXT NOT NULL, col TEXT NOT NULL, value TEXT,
  hlc TEXT NOT NULL, device_id TEXT, applied_at INTEGER NOT NULL,
  overwrote_own INTEGER NOT NULL DEFAULT 0, old_value TEXT, resolved INTEGER NOT NULL DEFAULT 0
);
--> statement-breakpoint
CREATE INDEX sync_activity_row ON sync_activity (tbl, row_id);
--> statement-breakpoint
CREATE INDEX sync_activity_open ON sync_activity (tbl, row_id) WHERE overwrote_own = 1 AND resolved = 0;
