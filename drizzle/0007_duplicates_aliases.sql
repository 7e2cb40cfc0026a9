-- Duplicates a person decides, and other spellings of a name (src/backend/talent/import/duplicate-review.ts).
-- Other spellings of the person's name (one a line), kept by a merge so that every spelling finds them. Synced
-- like any talent column: the capture triggers read the columns from the table itself.
ALTER TABLE talent ADD COLUMN aliases TEXT;
--> statement-breakpoint
-- Rows an import found to be someone already in the office (or an earlier row of the same file), waiting for a
-- person to keep both, merge or skip. Local working state of this desktop: never synced. `incoming` is the row
-- as a validated profile (JSON); `match_id` the profile it matched (for an in-file duplicate, the one made from
-- row `match_row`); `previous` the matched profile as it was before a merge replaced its values.
CREATE TABLE import_duplicate (
  id TEXT PRIMARY KEY NOT NULL,
  job_id TEXT NOT NULL,
  file_name TEXT,
  row_number INTEGER NOT NULL,
  incoming TEXT NOT NULL,
  match_id TEXT NOT NULL,
  match_row INTEGER,
  reason TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  resolved_at INTEGER,
  resolution TEXT,
  result_id TEXT,
  previous TEXT
);
--> statement-breakpoint
CREATE INDEX import_duplicate_job ON import_duplicate (job_id, row_number);
--> statement-breakpoint
CREATE INDEX import_duplicate_pending ON import_duplicate (created_at) WHERE resolved_at IS NULL;
--> statement-breakpoint
-- The search index takes the aliases with the names. Rows that exist now have no aliases, so their index entries
-- are already what the new triggers would write: only the triggers change (derived.ts's bulk path matches them).
DROP TRIGGER talent_ai;
--> statement-breakpoint
CREATE TRIGGER talent_ai AFTER INSERT ON talent BEGIN
  INSERT INTO talent_fts(rowid, names, stage_name, skills, languages, city, tags, notes) SELECT
    new.rowid,
    new.full_name || ' ' || coalesce(new.native_name, '') || ' ' || coalesce(new.aliases, ''),
    coalesce(new.stage_name, ''),
    (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(new.skills)),
    (SELECT coalesce(group_concat(json_extract(value, '$.language'), ' '), '') FROM json_each(new.languages)),
    coalesce(new.city, '') || ' ' || coalesce(new.home_state, ''),
    (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(new.tags)),
    coalesce(new.notes, '') || ' ' || coalesce(new.agency, '') || ' ' || coalesce(new.union_name, '')
  WHERE new.deleted_at IS NULL;
  INSERT OR IGNORE INTO talent_language(talent_rowid, language, fluency)
    SELECT new.rowid, json_extract(value, '$.language'), json_extract(value, '$.fluency') FROM json_each(new.languages)
    WHERE new.deleted_at IS NULL;
  INSERT OR IGNORE INTO talent_skill(talent_rowid, skill) SELECT new.rowid, value FROM json_each(new.skills) WHERE new.deleted_at IS NULL;
  INSERT OR IGNORE INTO talent_tag(talent_rowid, tag) SELECT new.rowid, value FROM json_each(new.tags) WHERE new.deleted_at IS NULL;
  INSERT INTO talent_filter(talent_rowid, gender, age_from, age_to, height_cm, city, union_name, availability, sort_name, updated_at)
    SELECT new.rowid, new.gender, new.age_from, new.age_to, new.height_cm, new.city, new.union_name, new.availability, new.sort_name, new.updated_at
    WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
DROP TRIGGER talent_au;
--> statement-breakpoint
CREATE TRIGGER talent_au AFTER UPDATE ON talent BEGIN
  DELETE FROM talent_fts WHERE rowid = old.rowid;
  DELETE FROM talent_language WHERE talent_rowid = old.rowid;
  DELETE FROM talent_skill WHERE talent_rowid = old.rowid;
  DELETE FROM talent_tag WHERE talent_rowid = old.rowid;
  DELETE FROM talent_filter WHERE talent_rowid = old.rowid;
  INSERT INTO talent_fts(rowid, names, stage_name, skills, languages, city, tags, notes) SELECT
    new.rowid,
    new.full_name || ' ' || coalesce(new.native_name, '') || ' ' || coalesce(new.aliases, ''),
    coalesce(new.stage_name, ''),
    (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(new.skills)),
    (SELECT coalesce(group_concat(json_extract(value, '$.language'), ' '), '') FROM json_each(new.languages)),
    coalesce(new.city, '') || ' ' || coalesce(new.home_state, ''),
    (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(new.tags)),
    coalesce(new.notes, '') || ' ' || coalesce(new.agency, '') || ' ' || coalesce(new.union_name, '')
  WHERE new.deleted_at IS NULL;
  INSERT OR IGNORE INTO talent_language(talent_rowid, language, fluency)
    SELECT new.rowid, json_extract(value, '$.language'), json_extract(value, '$.fluency') FROM json_each(new.languages)
    WHERE new.deleted_at IS NULL;
  INSERT OR IGNORE INTO talent_skill(talent_rowid, skill) SELECT new.rowid, value FROM json_each(new.skills) WHERE new.deleted_at IS NULL;
  INSERT OR IGNORE INTO talent_tag(talent_rowid, tag) SELECT new.rowid, value FROM json_each(new.tags) WHERE new.deleted_at IS NULL;
  INSERT INTO talent_filter(talent_rowid, gender, age_from, age_to, height_cm, city, union_name, availability, sort_name, updated_at)
    SELECT new.rowid, new.gender, new.age_from, new.age_to, new.height_cm, new.city, new.union_name, new.availability, new.sort_name, new.updated_at
    WHERE new.deleted_at IS NULL;
END;
