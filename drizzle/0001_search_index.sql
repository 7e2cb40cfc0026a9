-- Full-text search and derived lookup tables, kept in step with their source rows by triggers.
-- FTS rowids equal the source table's rowid so that updates and deletes are index lookups.
-- (These tables have no INTEGER PRIMARY KEY, so a VACUUM may renumber rowids: run
--  rebuildSearchIndexes() after any VACUUM.) One trigger per event: SQLite does not promise an
-- order between triggers on the same event.
-- Derived lookup tables keyed by the talent row's rowid (a direct b-tree probe, unlike the text id).
CREATE TABLE talent_language (
  language TEXT NOT NULL, fluency INTEGER NOT NULL, talent_rowid INTEGER NOT NULL,
  PRIMARY KEY (language, fluency, talent_rowid)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX talent_language_talent ON talent_language (talent_rowid);
--> statement-breakpoint
CREATE TABLE talent_skill (skill TEXT NOT NULL, talent_rowid INTEGER NOT NULL, PRIMARY KEY (skill, talent_rowid)) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX talent_skill_talent ON talent_skill (talent_rowid);
--> statement-breakpoint
CREATE TABLE talent_tag (tag TEXT NOT NULL, talent_rowid INTEGER NOT NULL, PRIMARY KEY (tag, talent_rowid)) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX talent_tag_talent ON talent_tag (talent_rowid);
--> statement-breakpoint
-- A narrow copy of the filterable and sortable columns of live talent (about 60 bytes a row against ~700
-- for talent), so filters, counts and keyset walks touch a table that stays in cache.
CREATE TABLE talent_filter (
  talent_rowid INTEGER PRIMARY KEY, gender TEXT, age_from INTEGER, age_to INTEGER, height_cm INTEGER,
  city TEXT, union_name TEXT, availability TEXT NOT NULL, sort_name TEXT NOT NULL, updated_at INTEGER NOT NULL
);
--> statement-breakpoint
CREATE INDEX talent_filter_name ON talent_filter (sort_name);
--> statement-breakpoint
CREATE INDEX talent_filter_updated ON talent_filter (updated_at);
--> statement-breakpoint
CREATE INDEX talent_filter_browse ON talent_filter (gender, age_from, age_to, height_cm, city, union_name, availability);
--> statement-breakpoint
CREATE INDEX talent_filter_city ON talent_filter (city, availability);
--> statement-breakpoint
CREATE INDEX talent_filter_union ON talent_filter (union_name, availability);
--> statement-breakpoint
-- Contentless: search needs only rowids back, so the text is indexed but not stored a second time.
CREATE VIRTUAL TABLE talent_fts USING fts5(
  names, stage_name, skills, languages, city, tags, notes,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
--> statement-breakpoint
CREATE TRIGGER talent_ai AFTER INSERT ON talent BEGIN
  INSERT INTO talent_fts(rowid, names, stage_name, skills, languages, city, tags, notes) SELECT
    new.rowid,
    new.full_name || ' ' || coalesce(new.native_name, ''),
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
CREATE TRIGGER talent_ad AFTER DELETE ON talent BEGIN
  DELETE FROM talent_fts WHERE rowid = old.rowid;
  DELETE FROM talent_language WHERE talent_rowid = old.rowid;
  DELETE FROM talent_skill WHERE talent_rowid = old.rowid;
  DELETE FROM talent_tag WHERE talent_rowid = old.rowid;
  DELETE FROM talent_filter WHERE talent_rowid = old.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER talent_au AFTER UPDATE ON talent BEGIN
  DELETE FROM talent_fts WHERE rowid = old.rowid;
  DELETE FROM talent_language WHERE talent_rowid = old.rowid;
  DELETE FROM talent_skill WHERE talent_rowid = old.rowid;
  DELETE FROM talent_tag WHERE talent_rowid = old.rowid;
  DELETE FROM talent_filter WHERE talent_rowid = old.rowid;
  INSERT INTO talent_fts(rowid, names, stage_name, skills, languages, city, tags, notes) SELECT
    new.rowid,
    new.full_name || ' ' || coalesce(new.native_name, ''),
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
CREATE VIRTUAL TABLE chat_message_fts USING fts5(message_id UNINDEXED, conversation_id UNINDEXED, text, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER chat_message_ai AFTER INSERT ON chat_message BEGIN
  INSERT INTO chat_message_fts(rowid, message_id, conversation_id, text) SELECT new.rowid, new.id, new.conversation_id, new.text WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER chat_message_ad AFTER DELETE ON chat_message BEGIN
  DELETE FROM chat_message_fts WHERE rowid = old.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER chat_message_au AFTER UPDATE ON chat_message BEGIN
  DELETE FROM chat_message_fts WHERE rowid = old.rowid;
  INSERT INTO chat_message_fts(rowid, message_id, conversation_id, text) SELECT new.rowid, new.id, new.conversation_id, new.text WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE memory_fts USING fts5(memory_id UNINDEXED, text, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER memory_ai AFTER INSERT ON memory BEGIN
  INSERT INTO memory_fts(rowid, memory_id, text) SELECT new.rowid, new.id, new.text WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER memory_ad AFTER DELETE ON memory BEGIN
  DELETE FROM memory_fts WHERE rowid = old.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER memory_au AFTER UPDATE ON memory BEGIN
  DELETE FROM memory_fts WHERE rowid = old.rowid;
  INSERT INTO memory_fts(rowid, memory_id, text) SELECT new.rowid, new.id, new.text WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
-- Index any rows that existed before this migration.
INSERT INTO talent_fts(rowid, names, stage_name, skills, languages, city, tags, notes) SELECT
  rowid, full_name || ' ' || coalesce(native_name, ''), coalesce(stage_name, ''),
  (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(skills)),
  (SELECT coalesce(group_concat(json_extract(value, '$.language'), ' '), '') FROM json_each(languages)),
  coalesce(city, '') || ' ' || coalesce(home_state, ''),
  (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(tags)),
  coalesce(notes, '') || ' ' || coalesce(agency, '') || ' ' || coalesce(union_name, '')
FROM talent WHERE deleted_at IS NULL;
--> statement-breakpoint
INSERT OR IGNORE INTO talent_language(talent_rowid, language, fluency)
  SELECT t.rowid, json_extract(j.value, '$.language'), json_extract(j.value, '$.fluency')
  FROM talent t, json_each(t.languages) j WHERE t.deleted_at IS NULL;
--> statement-breakpoint
INSERT OR IGNORE INTO talent_skill(talent_rowid, skill) SELECT t.rowid, j.value FROM talent t, json_each(t.skills) j WHERE t.deleted_at IS NULL;
--> statement-breakpoint
INSERT OR IGNORE INTO talent_tag(talent_rowid, tag) SELECT t.rowid, j.value FROM talent t, json_each(t.tags) j WHERE t.deleted_at IS NULL;
--> statement-breakpoint
INSERT INTO talent_filter(talent_rowid, gender, age_from, age_to, height_cm, city, union_name, availability, sort_name, updated_at)
  SELECT rowid, gender, age_from, age_to, height_cm, city, union_name, availability, sort_name, updated_at FROM talent WHERE deleted_at IS NULL;
--> statement-breakpoint
INSERT INTO chat_message_fts(rowid, message_id, conversation_id, text) SELECT rowid, id, conversation_id, text FROM chat_message WHERE deleted_at IS NULL;
--> statement-breakpoint
INSERT INTO memory_fts(rowid, memory_id, text) SELECT rowid, id, text FROM memory WHERE deleted_at IS NULL;
