-- Who added an office memory for Claude (docs/SYNC.md "What syncs"): the display name of the person signed in to
-- the office on the desktop that added it; NULL where nobody was signed in. Hand-written, additive; a synced
-- column of a synced table (the capture triggers take it up at the next ensureCapture).
ALTER TABLE memory ADD COLUMN added_by TEXT;
