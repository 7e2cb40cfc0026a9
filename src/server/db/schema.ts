// The server's own Postgres schema ("castmatch"). Cells are schema-agnostic: (table, row, column) are data,
// never SQL identifiers, so a newer client's tables and columns are stored like any other.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  customType,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const castmatch = pgSchema('castmatch');

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

export const offices = castmatch.table('offices', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Per-office head of the change sequence; its row lock serialises pushes so cursors never skip a commit. */
export const officeState = castmatch.table('office_state', {
  officeId: uuid('office_id')
    .primaryKey()
    .references(() => offices.id),
  seq: bigint('seq', { mode: 'number' }).notNull().default(0),
});

export const users = castmatch.table(
  'users',
  {
    id: uuid('id').primaryKey(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role').notNull(),
    /** Bumped by "sign out everywhere": access tokens carry it and older ones stop working. */
    tokenVersion: integer('token_version').notNull().default(0),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(sql`lower(${t.email})`),
    index('users_office_idx').on(t.officeId),
  ],
);

export const invites = castmatch.table(
  'invites',
  {
    id: uuid('id').primaryKey(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    codeHash: text('code_hash').notNull(),
    role: text('role').notNull(),
    createdBy: uuid('created_by').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    usedBy: uuid('used_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('invites_code_hash_key').on(t.codeHash), index('invites_office_idx').on(t.officeId)],
);

export const refreshTokens = castmatch.table(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    familyId: uuid('family_id').notNull(),
    deviceId: text('device_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('refresh_tokens_hash_key').on(t.tokenHash),
    index('refresh_tokens_family_idx').on(t.officeId, t.familyId),
    index('refresh_tokens_user_idx').on(t.officeId, t.userId),
  ],
);

/** The winning value of every (table, row, column) of an office, with the sequence of its last change. */
export const cells = castmatch.table(
  'cells',
  {
    officeId: uuid('office_id').notNull(),
    tbl: text('tbl').notNull(),
    rowId: text('row_id').notNull(),
    col: text('col').notNull(),
    value: jsonb('value').notNull(),
    hlc: text('hlc').notNull(),
    deviceId: text('device_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'cells_pkey', columns: [t.officeId, t.tbl, t.rowId, t.col] }),
    index('cells_office_seq_idx').on(t.officeId, t.seq),
  ],
);

/** Every value that stopped winning (overwritten, or arriving already older than the winner): nothing is lost. */
export const cellHistory = castmatch.table(
  'cell_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    officeId: uuid('office_id').notNull(),
    tbl: text('tbl').notNull(),
    rowId: text('row_id').notNull(),
    col: text('col').notNull(),
    value: jsonb('value').notNull(),
    hlc: text('hlc').notNull(),
    deviceId: text('device_id').notNull(),
    reason: text('reason').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // One entry per (cell, hlc): a retried push does not record the same value twice.
  (t) => [uniqueIndex('cell_history_cell_hlc_key').on(t.officeId, t.tbl, t.rowId, t.col, t.hlc)],
);

export const blobs = castmatch.table(
  'blobs',
  {
    officeId: uuid('office_id').notNull(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    contentType: text('content_type').notNull(),
    data: bytea('data').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'blobs_pkey', columns: [t.officeId, t.sha256] })],
);
