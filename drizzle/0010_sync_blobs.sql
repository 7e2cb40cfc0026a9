-- Blob sync (docs/SYNC.md "Blobs", src/backend/sync/blobs.ts). Hand-written, additive.
-- The durable upload queue: a blob referenced by a cell about to be pushed is queued here (in a transaction,
-- before any network call) and leaves only once the server holds it, so a killed upload resumes at the next start.
-- `kind` 'original' (media/originals/…), 'thumb' (media/320/<ref>.webp, `ref` the original's hash) or 'script'
-- (scripts/<sha>.pdf). `state` 'pending', 'too_large' (the server's limit refused it: it stays on this desktop)
-- or 'missing' (the local file is gone or changed on disk). Local working state: never synced.
CREATE TABLE sync_blob_upload (
  sha256 TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL, ref TEXT NOT NULL, mime TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT,
  queued_at INTEGER NOT NULL
);
--> statement-breakpoint
-- What another desktop needs to show a headshot before it has the original: the grid thumbnail's own hash (the
-- 320 px WebP travels as its own blob, so it is checked like any blob) and the original's size and type. Synced
-- columns of a synced table: the capture triggers take them up at the next ensureCapture.
ALTER TABLE headshot ADD COLUMN thumb_sha256 TEXT;
--> statement-breakpoint
ALTER TABLE headshot ADD COLUMN original_bytes INTEGER;
--> statement-breakpoint
ALTER TABLE headshot ADD COLUMN original_mime TEXT;
