// The sync protocol between desktops and the central server (see docs/SYNC.md). Runtime-neutral: zod only.
import { z } from 'zod';
import { HLC_PATTERN, isHlc } from './hlc.ts';
import { unstorableJson } from './json-safety.ts';

/** Schema version of the data model this build of the protocol types describes. */
export const CURRENT_SCHEMA_VERSION = 1;
/** Every HTTP request carries the client's schema version in this header. */
export const SCHEMA_VERSION_HEADER = 'x-castmatch-schema-version';
/** A deleted row is a row whose `_deleted` cell is true: a tombstone that wins or loses like any other cell. */
export const TOMBSTONE_COLUMN = '_deleted';

export const MAX_CHANGES_PER_PUSH = 5000;
export const MAX_PULL_LIMIT = 20_000;
export const DEFAULT_PULL_LIMIT = 5000;
/** Largest JSON-encoded value of a single cell, in bytes of UTF-16 code units (close enough for a limit). */
export const MAX_CELL_VALUE_CHARS = 64 * 1024;

// Identifiers are data on the server, never SQL: still, only plain lowercase names are accepted.
export const TABLE_NAME_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;
export const COLUMN_NAME_PATTERN = /^_?[a-z][a-z0-9_]{0,62}$/;
export const ROW_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{7,63}$/;

export const tableNameSchema = z
  .string()
  .regex(TABLE_NAME_PATTERN, 'table must match ^[a-z][a-z0-9_]{0,62}$');
export const columnNameSchema = z
  .string()
  .regex(COLUMN_NAME_PATTERN, 'column must match ^_?[a-z][a-z0-9_]{0,62}$');
export const rowIdSchema = z.string().regex(ROW_ID_PATTERN, 'rowId must be 1-128 chars of [A-Za-z0-9_.:-]');
export const deviceIdSchema = z
  .string()
  .regex(DEVICE_ID_PATTERN, 'deviceId must be 8-64 chars of [A-Za-z0-9_-]');
export const hlcSchema = z
  .string()
  .length(46)
  .regex(HLC_PATTERN, 'hlc must be a 46-char hybrid logical clock')
  .refine(isHlc, 'hlc has an impossible date');
export const schemaVersionSchema = z.number().int().min(1).max(1_000_000);

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

// Request bodies arrive through JSON.parse, so any present value is already JSON: walking it again with z.json()
// would cost more than the rest of the validation. Only presence and size are checked.
const jsonValueSchema = z.custom<JsonValue>((v) => v !== undefined, 'value is required');

export const cellChangeSchema = z
  .object({
    table: tableNameSchema,
    rowId: rowIdSchema,
    column: columnNameSchema,
    value: jsonValueSchema,
    hlc: hlcSchema,
  })
  .strict()
  .superRefine((c, ctx) => {
    // Before the size check: JSON.stringify of a hostile 1,000,000-deep value would overflow the stack.
    const unstorable = unstorableJson(c.value);
    if (unstorable !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `${c.table}/${c.rowId}/${c.column}: ${unstorable}`,
        path: ['value'],
      });
      return;
    }
    if (
      typeof c.value === 'object' &&
      c.value !== null &&
      JSON.stringify(c.value).length > MAX_CELL_VALUE_CHARS
    ) {
      ctx.addIssue({
        code: 'custom',
        message: `value larger than ${MAX_CELL_VALUE_CHARS} chars`,
        path: ['value'],
      });
    }
    if (typeof c.value === 'string' && c.value.length > MAX_CELL_VALUE_CHARS) {
      ctx.addIssue({
        code: 'custom',
        message: `value larger than ${MAX_CELL_VALUE_CHARS} chars`,
        path: ['value'],
      });
    }
    if (c.column === TOMBSTONE_COLUMN && typeof c.value !== 'boolean') {
      ctx.addIssue({ code: 'custom', message: `${TOMBSTONE_COLUMN} must be true or false`, path: ['value'] });
    }
  });
export type CellChange = z.infer<typeof cellChangeSchema>;

export const pushRequestSchema = z
  .object({
    schemaVersion: schemaVersionSchema,
    deviceId: deviceIdSchema,
    changes: z.array(cellChangeSchema).min(1).max(MAX_CHANGES_PER_PUSH),
  })
  .strict();
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const pushResponseSchema = z.object({
  /** The office's sequence after this push (unchanged if nothing won). Pull from your cursor to catch up. */
  seq: z.number().int().nonnegative(),
  /** Cells whose value changed. */
  applied: z.number().int().nonnegative(),
  /** Cells already known (a retried push) or older than the current winner (kept in history). */
  ignored: z.number().int().nonnegative(),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

export const pullRequestSchema = z
  .object({
    schemaVersion: schemaVersionSchema,
    cursor: z.number().int().nonnegative(),
    limit: z.number().int().min(1).max(MAX_PULL_LIMIT).default(DEFAULT_PULL_LIMIT),
    /**
     * 'cells' (the default): one object per cell. 'grouped': the page's cells of one row that share their HLC and
     * device as one object with a `values` map (`groups`), about a sixth of the bytes for whole rows (docs/SYNC.md).
     */
    format: z.enum(['cells', 'grouped']).default('cells'),
  })
  .strict();
export type PullRequest = z.input<typeof pullRequestSchema>;

export const cellStateSchema = z.object({
  table: z.string(),
  rowId: z.string(),
  column: z.string(),
  value: z.json(),
  hlc: z.string(),
  deviceId: z.string(),
  seq: z.number().int(),
});
export type CellState = z.infer<typeof cellStateSchema>;

export const pullResponseSchema = z.object({
  cells: z.array(cellStateSchema),
  /** Pass this as the next cursor. */
  cursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
  /** The office's sequence when the page was read. */
  seq: z.number().int().nonnegative(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

/** Cells of one row in one page with the same HLC and device (a row inserted elsewhere arrives as one). */
export const cellGroupSchema = z.object({
  table: z.string(),
  rowId: z.string(),
  hlc: z.string(),
  deviceId: z.string(),
  // A parsed JSON body holds only JSON values: checking each value again (z.json(), recursive) was a tenth of
  // an initial sync's client time.
  values: z.record(z.string(), jsonValueSchema),
});
export type CellGroup = z.infer<typeof cellGroupSchema>;

/** The answer to a pull with `format: 'grouped'`: `count` cells in `groups`, in no particular order. */
export const groupedPullResponseSchema = z.object({
  groups: z.array(cellGroupSchema),
  count: z.number().int().nonnegative(),
  cursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
  seq: z.number().int().nonnegative(),
});
export type GroupedPullResponse = z.infer<typeof groupedPullResponseSchema>;

/** Server → client WebSocket messages. A poke carries no data: the client pulls. */
export const wsServerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), seq: z.number().int().nonnegative() }),
  z.object({ type: z.literal('poke'), seq: z.number().int().nonnegative() }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
]);
export type WsServerMessage = z.infer<typeof wsServerMessageSchema>;

/** Client → server: authenticate on a socket opened without an Authorization header. */
export const wsAuthMessageSchema = z
  .object({ type: z.literal('auth'), token: z.string().min(1).max(4096), schemaVersion: schemaVersionSchema })
  .strict();

export const errorResponseSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

/** Stable error codes of the sync and account API. */
export const ERROR_CODES = [
  'bad_request',
  'validation_failed',
  'payload_too_large',
  'unauthorized',
  'token_expired',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  'client_outdated',
  'clock_drift',
  'invalid_credentials',
  'invalid_invite',
  'refresh_invalid',
  'refresh_reused',
  'hash_mismatch',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ROLES = ['admin', 'casting_director', 'assistant', 'viewer'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;
