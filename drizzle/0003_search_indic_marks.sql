-- Indic vowel signs and viramas are combining marks (Mn/Mc), which unicode61 treats as separators by
-- default: "रमेश" was indexed as र + म + श and matched unrelated names. Rebuild the talent index so that
-- marks belong to the word (categories 'L* N* Co M*'). remove_diacritics 2 still folds Latin accents
-- (José = Jose, also when typed as e + U+0301) and leaves Indic marks alone.
-- talent_fts is derived from talent (contentless): dropping it loses nothing, it is rebuilt below in the
-- same transaction. The triggers and derived.ts insert the same text as before; only the tokenizer changes.
DROP TABLE talent_fts;
--> statement-breakpoint
CREATE VIRTUAL TABLE talent_fts USING fts5(
  names, stage_name, skills, languages, city, tags, notes,
  content = '', contentless_delete = 1,
  tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'", prefix = '2 3'
);
--> statement-breakpoint
INSERT INTO talent_fts(rowid, names, stage_name, skills, languages, city, tags, notes) SELECT
  rowid, full_name || ' ' || coalesce(native_name, ''), coalesce(stage_name, ''),
  (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(skills)),
  (SELECT coalesce(group_concat(json_extract(value, '$.language'), ' '), '') FROM json_each(languages)),
  coalesce(city, '') || ' ' || coalesce(home_state, ''),
  (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(tags)),
  coalesce(notes, '') || ' ' || coalesce(agency, '') || ' ' || coalesce(union_name, '')
FROM talent WHERE deleted_at IS NULL;
