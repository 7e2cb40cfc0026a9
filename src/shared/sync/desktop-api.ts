// The contract between the renderer and the desktop's sync service (src/backend/sync/service.ts): Settings → Team,
// the status bar item and the "Sync problems" list. Spread into `methods` and `events` in src/shared/api.ts.
// Secrets never cross it: the refresh token stays in the shell, the access token in the backend process.
import { z } from 'zod';
import { roleSchema } from './protocol.ts';

/** firstJoin: signed in, but waiting for the person to choose what happens to this computer's data (first-join.ts). */
export const SYNC_STATES = [
  'off',
  'signedOut',
  'online',
  'offline',
  'syncing',
  'error',
  'firstJoin',
] as const;
export const syncStateSchema = z.enum(SYNC_STATES);
export type SyncServiceState = z.infer<typeof syncStateSchema>;

export const syncUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: roleSchema,
});
export type SyncUser = z.infer<typeof syncUserSchema>;

/** What a desktop holds when it first joins an office (live rows), so the person can choose what happens to it. */
export const firstJoinSchema = z.object({
  office: z.object({ id: z.string(), name: z.string().nullable() }),
  talents: z.number().int().nonnegative(),
  /** Of the talents, the demo profiles (Load demo data): uploading them would show them to the whole office. */
  demoTalents: z.number().int().nonnegative(),
  projects: z.number().int().nonnegative(),
  shortlists: z.number().int().nonnegative(),
  headshots: z.number().int().nonnegative(),
  scripts: z.number().int().nonnegative(),
});
export type FirstJoinView = z.infer<typeof firstJoinSchema>;

/**
 * A long pull's progress (first sync, or a catch-up of more than one page), in the office's sequence numbers: `done`
 * of `total` changes since the catch-up began, kept across interruptions (progress.ts).
 */
export const syncProgressSchema = z.object({
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** Cells received and bytes read in this catch-up. */
  cells: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  /** Estimated from this run's pace; null until a page has been applied in it. */
  secondsLeft: z.number().nonnegative().nullable(),
});
export type SyncProgressView = z.infer<typeof syncProgressSchema>;

/** A person who came from this computer and looks like someone already in the office (import's duplicate rules). */
export const joinDuplicateSchema = z.object({
  localId: z.string(),
  localName: z.string(),
  officeId: z.string(),
  officeName: z.string(),
  reason: z.string(),
  summary: z.string(),
});
export type JoinDuplicateView = z.infer<typeof joinDuplicateSchema>;

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
  /** Set in the state firstJoin: what this computer holds (sync.firstJoin.choose decides). */
  firstJoin: firstJoinSchema.nullable(),
  /** A long pull under way or interrupted; null for the usual small syncs. */
  progress: syncProgressSchema.nullable(),
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

// Settings → Team's people and devices (GET /v1/team), and the activity feed of remote changes (activity.ts).
export const teamMemberSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  joinedAt: z.string(),
});
export const teamDeviceSchema = z.object({
  deviceId: z.string(),
  userId: z.string(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  active: z.boolean(),
});
export const teamViewSchema = z.object({
  users: z.array(teamMemberSchema),
  devices: z.array(teamDeviceSchema),
  /** This desktop's device id (to mark "this computer"). */
  deviceId: z.string(),
  /** When the list was read from the server (ms); offline, the last list read is shown. */
  fetchedAt: z.number().nullable(),
  /** Why the list may be old (offline), or null. */
  message: z.string().nullable(),
});
export type TeamView = z.infer<typeof teamViewSchema>;

export const activityChangeSchema = z.object({
  id: z.number().int(),
  column: z.string(),
  /** The new value as JSON text. */
  value: z.string().nullable(),
  /** This desktop's value the change replaced (JSON text), while the user has not restored or kept it. */
  overwritten: z.object({ value: z.string() }).nullable(),
});
export const activityEntrySchema = z.object({
  id: z.number().int(),
  table: z.string(),
  rowId: z.string(),
  label: z.string().nullable(),
  projectId: z.string().nullable(),
  deviceId: z.string().nullable(),
  /** Who made it (from the team list), or null when the device is not known yet. */
  person: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  at: z.number(),
  kind: z.enum(['created', 'changed', 'deleted', 'restored']),
  changes: z.array(activityChangeSchema),
});
export type ActivityEntryView = z.infer<typeof activityEntrySchema>;
const idSchema = z.string().min(1).max(128);

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
  /**
   * First join of a desktop that holds data: 'upload' queues every local row for the office and reports the people
   * who look like the office's; 'office' backs the local copy up, then replaces it with the office's data.
   */
  'sync.firstJoin.choose': {
    input: z.object({ choice: z.enum(['upload', 'office']) }),
    output: z.object({
      status: syncStatusSchema,
      /** The backup made before the local data was replaced ('office'). */
      backupId: z.string().nullable(),
      /** 'upload': local people who look like the office's (null if the first sync has not finished yet). */
      duplicates: z.array(joinDuplicateSchema).nullable(),
    }),
  },
  /** Leaves the office without touching local data (the new sign-in is revoked). */
  'sync.firstJoin.cancel': { input: z.object({}), output: syncStatusSchema },
  /** The people found after an upload, until dismissed. */
  'sync.firstJoin.duplicates': {
    input: z.object({ dismiss: z.boolean().optional() }),
    output: z.object({ items: z.array(joinDuplicateSchema) }),
  },
  'sync.problems.list': { input: z.object({}), output: z.object({ items: z.array(syncProblemSchema) }) },
  'sync.problems.retry': { input: problemKeySchema, output: ok },
  'sync.problems.discard': { input: problemKeySchema, output: ok },
  /** The office's people and their devices (every role may read; offline, the last list read). */
  'sync.team.list': { input: z.object({}), output: teamViewSchema },
  /** Admins: change a person's role or disable them (re-enable with disabled: false). */
  'sync.team.update': {
    input: z.object({ userId: idSchema, role: roleSchema.optional(), disabled: z.boolean().optional() }),
    output: teamViewSchema,
  },
  /** Remote changes as this desktop applied them, newest first; filters by project, person or record. */
  'sync.activity.list': {
    input: z.object({
      projectId: idSchema.optional(),
      userId: idSchema.optional(),
      table: z.string().min(1).max(64).optional(),
      rowId: idSchema.optional(),
      /** Only changes that overwrote this desktop's value and wait for an answer. */
      overwrittenOnly: z.boolean().optional(),
      limit: z.number().int().min(1).max(500).optional(),
      beforeId: z.number().int().optional(),
    }),
    output: z.object({ items: z.array(activityEntrySchema) }),
  },
  /** Answer an overwrite: restore writes this desktop's value again (a new edit, sent to the office); keep drops the notice. */
  'sync.activity.resolve': {
    input: z.object({ id: z.number().int(), restore: z.boolean() }),
    output: ok,
  },
} as const;

export const syncEvents = {
  /** Sent on every change of the sync status (state, counts, sign-in). */
  'sync.status': syncStatusSchema,
} as const;
