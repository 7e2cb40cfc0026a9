// Settings → Team's people and devices: read from the server (GET /v1/team, every role), kept in the local
// `setting` row 'sync.team' so that the list and the activity feed's names still show offline; an admin's
// changes (role, disable) go to PATCH /v1/users/:id and the list is read again. The server is the judge of who may
// change what: a non-admin's attempt comes back as its 403, shown as is.
import { z } from 'zod';
import { AppError } from '../../shared/errors.ts';
import { type TeamView, teamDeviceSchema, teamMemberSchema } from '../../shared/sync/desktop-api.ts';
import type { Role } from '../../shared/sync/protocol.ts';
import type { AppDatabase } from '../store/db.ts';
import type { Session } from './auth.ts';

const TEAM_KEY = 'sync.team';

// GET /v1/team answers the people and devices the desktop API shows, in the same shapes.
const serverTeamSchema = z.object({ users: z.array(teamMemberSchema), devices: z.array(teamDeviceSchema) });
type ServerTeam = z.infer<typeof serverTeamSchema>;
const storedSchema = serverTeamSchema.extend({ fetchedAt: z.number(), officeId: z.string() });
type StoredTeam = z.infer<typeof storedSchema>;

/** The last team list read for this office, or null. */
export function cachedTeam(db: AppDatabase, officeId: string | null): StoredTeam | null {
  const row = db.sqlite.prepare('SELECT value FROM setting WHERE key = ?').get(TEAM_KEY) as
    | { value: string }
    | undefined;
  if (!row || officeId === null) return null;
  try {
    const t = storedSchema.parse(JSON.parse(row.value));
    return t.officeId === officeId ? t : null;
  } catch {
    return null; // unreadable: read it again from the server
  }
}

function storeTeam(db: AppDatabase, officeId: string, t: ServerTeam, now: number): StoredTeam {
  const stored: StoredTeam = { ...t, officeId, fetchedAt: now };
  db.sqlite
    .prepare(
      'INSERT INTO setting (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    )
    .run(TEAM_KEY, JSON.stringify(stored), now);
  return stored;
}

/** Reads the team from the server and keeps it. */
export async function fetchTeam(
  db: AppDatabase,
  session: Session,
  officeId: string,
  now: number,
): Promise<StoredTeam> {
  const parsed = serverTeamSchema.safeParse(await session.request('GET', '/v1/team'));
  if (!parsed.success) throw new AppError('SYNC_UNREADABLE', 'The sync server sent an unreadable team list.');
  return storeTeam(db, officeId, parsed.data, now);
}

/** Admins: a role change or (re-)disabling, then the list as it is now. */
export async function updateMember(
  db: AppDatabase,
  session: Session,
  officeId: string,
  change: { userId: string; role?: Role; disabled?: boolean },
  now: number,
): Promise<StoredTeam> {
  if (change.role === undefined && change.disabled === undefined)
    throw new AppError('INVALID_INPUT', 'Choose a role or whether the account is disabled.');
  await session.request('PATCH', `/v1/users/${encodeURIComponent(change.userId)}`, {
    ...(change.role === undefined ? {} : { role: change.role }),
    ...(change.disabled === undefined ? {} : { disabled: change.disabled }),
  });
  return fetchTeam(db, session, officeId, now);
}

export function teamView(t: StoredTeam | null, deviceId: string, message: string | null): TeamView {
  return {
    users: t?.users ?? [],
    devices: t?.devices ?? [],
    deviceId,
    fetchedAt: t?.fetchedAt ?? null,
    message,
  };
}

/** Device → person, for naming who made a change. */
export function peopleByDevice(t: StoredTeam | null): Map<string, { id: string; displayName: string }> {
  const byId = new Map((t?.users ?? []).map((u) => [u.id, u]));
  const out = new Map<string, { id: string; displayName: string }>();
  for (const d of t?.devices ?? []) {
    const u = byId.get(d.userId);
    if (u) out.set(d.deviceId, { id: u.id, displayName: u.displayName });
  }
  return out;
}

/** A person's devices, for the feed's person filter. */
export function devicesOf(t: StoredTeam | null, userId: string): string[] {
  return (t?.devices ?? []).filter((d) => d.userId === userId).map((d) => d.deviceId);
}
