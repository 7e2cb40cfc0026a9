// The contract between the renderer and the desktop's sync service (src/backend/sync/service.ts): Settings → Team,
// the status bar item and the "Sync problems" list. Spread into `methods` and `events` in src/shared/api.ts.
// Secrets never cross it: the refresh token stays in the shell, the access token in the backend process.
import { z } from 'zod';
import { roleSchema } from './protocol.ts';

export const SYNC_STATES = ['off', 'signedOut', 'online', 'offline', 'syncing', 'error'] as const;
export const syncStateSchema = z.enum(SYNC_STATES);
export type SyncServiceState = z.infer<typeof syncStateSchema>;

export const syncUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: roleSchema,
});
export type SyncUser = z.infer<typeof syncUserSchema>;

export const syncStatusSchema = z.object({
  /** off: no server configured; signedOut: a server but no sign-in (or it expired); error: needs the user. */
  state: syncStateSchema,
  serverUrl: z.string().nullable(),
  office: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  user: syncUserSchema.nullable(),
  /** Local changes waiting for the server (outbox entries; a new row counts once). */
  unsent: z.number().int().nonnegative(),
  /** Local changes the server refused, waiting in "Sync problems". */
  problems: z.number().int().nonnegative(),
  /** When a sync last finished without an error (ms since the epoch). */
  lastSyncAt: z.number().nullable(),
  /** What the user should know or do (offline reason, fix the clock, update the app, sign in again). */
  message: z.string().nullable(),
  /** Why: machine-readable for the UI (e.g. 'clock_drift', 'outdated', 'server_behind', 'session_expired'). */
  reason: z.string().nullable(),
  /** Viewers may read but not change the office's data. */
  readOnly: z.boolean(),
});
export type SyncStatusView = z.infer<typeof syncStatusSchema>;

const serverUrlSchema = z
  .string()
  .trim()
  .max(500)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'Enter the server address, such as https://sync.example.com');
const emailSchema = z.string().trim().toLowerCase().email('Enter an email address').max(254);
const newPasswordSchema = z.string().min(10, 'The password needs at least 10 characters').max(256);
const displayNameSchema = z.string().trim().min(1, 'Enter your name').max(120);

export const syncProblemSchema = z.object({
  table: z.string(),
  rowId: z.string(),
  column: z.string(),
  /** The refused value as JSON text (shortened to 500 characters for display). */
  value: z.string(),
  hlc: z.string(),
  reason: z.string(),
});
export type SyncProblemView = z.infer<typeof syncProblemSchema>;
const problemKeySchema = z.object({
  table: z.string().min(1).max(64),
  rowId: z.string().min(1).max(128),
  column: z.string().min(1).max(64),
});

const ok = z.object({ ok: z.literal(true) });

/** The error a sign-out answers when changes have not reached the server yet (the UI asks, then passes force). */
export const SYNC_UNSENT_CHANGES = 'SYNC_UNSENT_CHANGES';

export const syncMethods = {
  'sync.status': { input: z.object({}), output: syncStatusSchema },
  'sync.configure': { input: z.object({ serverUrl: serverUrlSchema }), output: syncStatusSchema },
  'sync.createOffice': {
    input: z.object({
      officeName: z.string().trim().min(1, 'Enter the office name').max(120),
      email: emailSchema,
      password: newPasswordSchema,
      displayName: displayNameSchema,
    }),
    output: syncStatusSchema,
  },
  'sync.join': {
    input: z.object({
      code: z.string().trim().min(4, 'Enter the invite code').max(64),
      email: emailSchema,
      password: newPasswordSchema,
      displayName: displayNameSchema,
    }),
    output: syncStatusSchema,
  },
  'sync.signIn': {
    input: z.object({ email: emailSchema, password: z.string().min(1, 'Enter the password').max(256) }),
    output: syncStatusSchema,
  },
  /** Refused with SYNC_UNSENT_CHANGES while changes wait, unless force (they are then kept for a later sign-in). */
  'sync.signOut': { input: z.object({ force: z.boolean().optional() }), output: syncStatusSchema },
  /** Push and pull now; also resumes pushing after the clock was fixed. */
  'sync.now': { input: z.object({}), output: syncStatusSchema },
  /** Admins: an invite code for a new member of the office. */
  'sync.invite': {
    input: z.object({ role: roleSchema }),
    output: z.object({ code: z.string(), role: roleSchema, expiresAt: z.string() }),
  },
  'sync.problems.list': { input: z.object({}), output: z.object({ items: z.array(syncProblemSchema) }) },
  'sync.problems.retry': { input: problemKeySchema, output: ok },
  'sync.problems.discard': { input: problemKeySchema, output: ok },
} as const;

export const syncEvents = {
  /** Sent on every change of the sync status (state, counts, sign-in). */
  'sync.status': syncStatusSchema,
} as const;
