// The local SQLite schema (drizzle-kit generates drizzle/*.sql from this file; FTS5 tables and the
// triggers that keep derived tables in step are hand-written custom migrations).
// Every synced row has a UUIDv7 id, created_at/updated_at (epoch ms) and a deleted_at tombstone.
import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const rowTimes = {
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  deletedAt: integer('deleted_at'),
};

export const talent = sqliteTable(
  'talent',
  {
    id: text('id').primaryKey(),
    fullName: text('full_name').notNull(),
    nativeName: text('native_name'),
    stageName: text('stage_name'),
    gender: text('gender'),
    dateOfBirth: text('date_of_birth'),
    playingAgeMin: integer('playing_age_min'),
    playingAgeMax: integer('playing_age_max'),
    heightCm: integer('height_cm'),
    build: text('build'),
    /** JSON [{language, fluency 1–5}] — the synced source of truth; talent_language is derived from it. */
    languages: text('languages').notNull().default('[]'),
    dialects: text('dialects').notNull().default('[]'),
    skills: text('skills').notNull().default('[]'),
    city: text('city'),
    homeState: text('home_state'),
    agency: text('agency'),
    agentName: text('agent_name'),
    agentPhone: text('agent_phone'),
    agentEmail: text('agent_email'),
    unionName: text('union_name'),
    unionNumber: text('union_number'),
    phone: text('phone'),
    email: text('email'),
    links: text('links').notNull().default('[]'),
    showreelUrl: text('showreel_url'),
    tags: text('tags').notNull().default('[]'),
    notes: text('notes'),
    rating: integer('rating'),
    availability: text('availability').notNull().default('unknown'),
    primaryHeadshot: text('primary_headshot'),
    /** Other spellings of the name, one a line (kept by a merge of duplicates); searched with the names. */
    aliases: text('aliases'),
    // Derived at write time: lower-cased, accent-folded name for keyset "sort by name", and the effective
    // playing-age range (entered range, else one derived from the date of birth) for range filters.
    sortName: text('sort_name').notNull(),
    ageFrom: integer('age_from'),
    ageTo: integer('age_to'),
    ...rowTimes,
  },
  // No indexes here: filtering and sorting use the narrow talent_filter table (drizzle/0001_search_index.sql),
  // and duplicate detection reads every live row once. (0002 dropped two indexes that nothing queried.)
);

// The derived, local-only lookup tables (talent_language, talent_skill, talent_tag) and the FTS5 tables
// are WITHOUT ROWID / virtual tables that drizzle cannot describe: see drizzle/0001_search_index.sql.

export const project = sqliteTable('project', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description'),
  status: text('status').notNull().default('active'),
  ...rowTimes,
});

export const role = sqliteTable(
  'role',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => project.id),
    name: text('name').notNull(),
    description: text('description'),
    ageMin: integer('age_min'),
    ageMax: integer('age_max'),
    gender: text('gender'),
    languages: text('languages').notNull().default('[]'),
    status: text('status').notNull().default('open'),
    ...rowTimes,
  },
  (t) => [index('role_project').on(t.projectId)],
);

export const shortlistEntry = sqliteTable(
  'shortlist_entry',
  {
    id: text('id').primaryKey(),
    roleId: text('role_id')
      .notNull()
      .references(() => role.id),
    talentId: text('talent_id')
      .notNull()
      .references(() => talent.id),
    status: text('status').notNull().default('considered'),
    notes: text('notes'),
    rating: integer('rating'),
    position: real('position').notNull().default(0),
    ...rowTimes,
  },
  (t) => [
    uniqueIndex('shortlist_role_talent').on(t.roleId, t.talentId).where(sql`deleted_at IS NULL`),
    index('shortlist_talent').on(t.talentId),
  ],
);

// Audition slots (drizzle/0008_auditions.sql). Times are wall-clock text 'YYYY-MM-DDTHH:MM' in the office's
// time zone, so a day is a prefix and overlap is a string comparison.
export const audition = sqliteTable(
  'audition',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => project.id),
    roleId: text('role_id')
      .notNull()
      .references(() => role.id),
    talentId: text('talent_id')
      .notNull()
      .references(() => talent.id),
    startsAt: text('starts_at').notNull(),
    endsAt: text('ends_at').notNull(),
    place: text('place').notNull(),
    status: text('status').notNull().default('scheduled'),
    notes: text('notes'),
    ...rowTimes,
  },
  (t) => [
    index('audition_project_start').on(t.projectId, t.startsAt),
    index('audition_talent_start').on(t.talentId, t.startsAt),
  ],
);

export const mediaBlob = sqliteTable('media_blob', {
  sha256: text('sha256').primaryKey(),
  byteSize: integer('byte_size').notNull(),
  mime: text('mime').notNull(),
  width: integer('width'),
  height: integer('height'),
  createdAt: integer('created_at').notNull(),
});

export const headshot = sqliteTable(
  'headshot',
  {
    id: text('id').primaryKey(),
    talentId: text('talent_id')
      .notNull()
      .references(() => talent.id),
    sha256: text('sha256')
      .notNull()
      .references(() => mediaBlob.sha256),
    originalName: text('original_name'),
    position: integer('position').notNull().default(0),
    ...rowTimes,
    // Blob sync (drizzle/0010_sync_blobs.sql): the 320 px thumbnail's own hash, the original's size and type.
    thumbSha256: text('thumb_sha256'),
    originalBytes: integer('original_bytes'),
    originalMime: text('original_mime'),
  },
  (t) => [
    index('headshot_talent').on(t.talentId, t.position),
    // The importer looks up every incoming file by hash to catch duplicates.
    index('headshot_sha256').on(t.sha256).where(sql`deleted_at IS NULL`),
  ],
);

export const script = sqliteTable('script', {
  id: text('id').primaryKey(),
  sha256: text('sha256').notNull().unique(),
  fileName: text('file_name').notNull(),
  title: text('title').notNull(),
  pages: integer('pages').notNull(),
  analysis: text('analysis').notNull(),
  projectId: text('project_id'),
  ...rowTimes,
});

export const scriptNote = sqliteTable(
  'script_note',
  {
    id: text('id').primaryKey(),
    scriptId: text('script_id')
      .notNull()
      .references(() => script.id),
    targetKind: text('target_kind').notNull(),
    targetRef: text('target_ref').notNull(),
    body: text('body').notNull(),
    ...rowTimes,
  },
  (t) => [index('script_note_script').on(t.scriptId)],
);

export const conversation = sqliteTable('conversation', {
  id: text('id').primaryKey(),
  title: text('title').notNull(),
  summary: text('summary'),
  summaryUpto: text('summary_upto'),
  model: text('model').notNull(),
  ...rowTimes,
});

export const chatMessage = sqliteTable(
  'chat_message',
  {
    id: text('id').primaryKey(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversation.id),
    role: text('role').notNull(),
    content: text('content').notNull(),
    text: text('text').notNull(),
    status: text('status').notNull(),
    error: text('error'),
    inputTokens: integer('input_tokens'),
    outputTokens: integer('output_tokens'),
    cacheReadTokens: integer('cache_read_tokens'),
    cacheWriteTokens: integer('cache_write_tokens'),
    costUsd: real('cost_usd'),
    ...rowTimes,
  },
  (t) => [index('chat_message_conversation').on(t.conversationId, t.id)],
);

export const memory = sqliteTable('memory', {
  id: text('id').primaryKey(),
  text: text('text').notNull(),
  sourceConversationId: text('source_conversation_id'),
  pinned: integer('pinned').notNull().default(0),
  /** Who added it: the person signed in to the office then (drizzle/0011_memory_author.sql). */
  addedBy: text('added_by'),
  ...rowTimes,
});

// Import rows waiting for a person to keep both, merge or skip (drizzle/0007_duplicates_aliases.sql). Local
// working state: not synced.
export const importDuplicate = sqliteTable(
  'import_duplicate',
  {
    id: text('id').primaryKey(),
    jobId: text('job_id').notNull(),
    fileName: text('file_name'),
    rowNumber: integer('row_number').notNull(),
    /** The row as a validated profile (JSON). */
    incoming: text('incoming').notNull(),
    /** The profile it matched; for an in-file duplicate, the one made from row match_row. */
    matchId: text('match_id').notNull(),
    matchRow: integer('match_row'),
    reason: text('reason').notNull(),
    createdAt: integer('created_at').notNull(),
    resolvedAt: integer('resolved_at'),
    resolution: text('resolution'),
    resultId: text('result_id'),
    /** The matched profile before a merge replaced its values (JSON). */
    previous: text('previous'),
  },
  (t) => [
    index('import_duplicate_job').on(t.jobId, t.rowNumber),
    index('import_duplicate_pending').on(t.createdAt).where(sql`resolved_at IS NULL`),
  ],
);

export const setting = sqliteTable('setting', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull(),
});
