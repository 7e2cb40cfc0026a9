// Sign-in against the sync server's account routes (src/server/auth/routes.ts) and the tokens that follow.
// The refresh token rotates on every use and lives only in the shell's secret store (safeStorage, or the browser
// host's 0600 file), reached by round trip; the access token lives in memory and is refreshed before it expires.
// One refresh at a time: presenting a rotated token twice would make the server revoke the whole sign-in.

import { z } from 'zod';
import { AppError } from '../../shared/errors.ts';
import { CURRENT_SCHEMA_VERSION, roleSchema, SCHEMA_VERSION_HEADER } from '../../shared/sync/protocol.ts';
import type { SyncAuth } from './json-request.ts';

/** The shell's store for the refresh token (structurally the Claude key's SecretStore). */
export interface TokenStore {
  get(): Promise<string | null>;
  set(value: string | null): Promise<void>;
}

const sessionSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  expiresIn: z.number().positive(),
  user: z.object({
    id: z.string(),
    officeId: z.string(),
    role: roleSchema,
    email: z.string(),
    displayName: z.string(),
  }),
  office: z.object({ id: z.string(), name: z.string() }).optional(),
});
export type ServerSession = z.infer<typeof sessionSchema>;

const errorSchema = z.object({ code: z.string(), message: z.string() });
const inviteSchema = z.object({ code: z.string(), role: roleSchema, expiresAt: z.string() });

/** Refresh this long before the access token expires, so a request never carries one about to die. */
const REFRESH_MARGIN_MS = 60_000;
const TIMEOUT_MS = 20_000;

/** A server refusal with its protocol code (invalid_credentials, refresh_invalid, conflict, …). */
export class ServerRefusal extends AppError {
  readonly status: number;
  readonly serverCode: string;
  constructor(status: number, serverCode: string, message: string) {
    super(`SYNC_${serverCode.toUpperCase()}`, message);
    this.status = status;
    this.serverCode = serverCode;
  }
}

/** No usable answer (unreachable, timed out, not JSON): the caller is offline, not refused. */
export class Unreachable extends AppError {
  constructor(message: string) {
    super('SYNC_UNREACHABLE', message);
  }
}

export interface Requester {
  baseUrl: string;
  fetch: typeof fetch;
}

/** One JSON request to the server; a typed refusal or Unreachable on failure. */
export async function serverRequest(
  r: Requester,
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  body?: unknown,
  token?: string,
): Promise<unknown> {
  let res: Response;
  let text: string;
  try {
    res = await r.fetch(r.baseUrl + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        [SCHEMA_VERSION_HEADER]: String(CURRENT_SCHEMA_VERSION),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    text = await res.text();
  } catch (e) {
    throw new Unreachable(`The sync server at ${r.baseUrl} could not be reached (${(e as Error).message}).`);
  }
  if (res.status === 204) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Unreachable(
      `The sync server at ${r.baseUrl} answered ${res.status} with something that is not JSON.`,
    );
  }
  if (res.ok) return parsed;
  const err = errorSchema.safeParse(parsed);
  if (res.status >= 500 || !err.success)
    throw new Unreachable(
      `The sync server answered ${res.status}${err.success ? `: ${err.data.message}` : ''}.`,
    );
  throw new ServerRefusal(res.status, err.data.code, err.data.message);
}

function parseSession(v: unknown): ServerSession {
  const s = sessionSchema.safeParse(v);
  if (!s.success) throw new Unreachable('The sync server answered a sign-in with something unreadable.');
  return s.data;
}

export interface AccountRequest {
  email: string;
  password: string;
  displayName: string;
}

/** Account routes that start a session: they answer the tokens, which the Session then keeps. */
export const accounts = {
  createOffice: (r: Requester, deviceId: string, a: AccountRequest & { officeName: string }) =>
    serverRequest(r, 'POST', '/v1/offices', { ...a, deviceId }).then(parseSession),
  join: (r: Requester, deviceId: string, a: AccountRequest & { code: string }) =>
    serverRequest(r, 'POST', '/v1/invites/accept', { ...a, deviceId }).then(parseSession),
  signIn: (r: Requester, deviceId: string, a: { email: string; password: string }) =>
    serverRequest(r, 'POST', '/v1/auth/login', { ...a, deviceId }).then(parseSession),
};

/**
 * The signed-in session: an access token in memory, the refresh token in the shell. `onExpired` is told when
 * the server refuses the refresh token (the user must sign in again; nothing local is lost).
 */
export class Session implements SyncAuth {
  private access: { token: string; expiresAt: number } | null = null;
  private refreshing: Promise<boolean> | null = null;
  private readonly r: Requester;
  private readonly deviceId: string;
  private readonly store: TokenStore;
  private readonly now: () => number;
  onExpired: (message: string) => void = () => {};
  onUser: (user: ServerSession['user']) => void = () => {};

  constructor(r: Requester, deviceId: string, store: TokenStore, now: () => number = Date.now) {
    this.r = r;
    this.deviceId = deviceId;
    this.store = store;
    this.now = now;
  }

  /** Takes the tokens of a fresh sign-in; the refresh token goes to the shell before anything else. */
  async adopt(s: ServerSession): Promise<void> {
    await this.store.set(s.refreshToken);
    this.access = { token: s.accessToken, expiresAt: this.now() + s.expiresIn * 1000 };
  }

  async hasRefreshToken(): Promise<boolean> {
    return (await this.store.get()) !== null;
  }

  /** A valid access token, refreshed first when it is missing or about to expire. */
  async accessToken(): Promise<string> {
    if (!this.access || this.access.expiresAt - this.now() < REFRESH_MARGIN_MS) {
      if (!(await this.refresh())) throw new ServerRefusal(401, 'unauthorized', 'Sign in again to sync.');
    }
    return this.access!.token;
  }

  /** Expiry of the current access token (ms since the epoch), if any. */
  get accessExpiresAt(): number | null {
    return this.access?.expiresAt ?? null;
  }

  /**
   * Exchanges the refresh token for new tokens. False when the server refused it (signed out); a network
   * failure throws Unreachable (offline: the token is still good for a later try).
   */
  refresh(): Promise<boolean> {
    if (!this.refreshing) {
      this.refreshing = this.doRefresh().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private async doRefresh(): Promise<boolean> {
    const token = await this.store.get();
    if (!token) {
      this.access = null;
      return false;
    }
    try {
      const s = parseSession(
        await serverRequest(this.r, 'POST', '/v1/auth/refresh', {
          refreshToken: token,
          deviceId: this.deviceId,
        }),
      );
      await this.adopt(s);
      this.onUser(s.user);
      return true;
    } catch (e) {
      if (e instanceof ServerRefusal && e.status === 401) {
        this.access = null;
        await this.store.set(null);
        this.onExpired(e.message);
        return false;
      }
      throw e;
    }
  }

  /** Revokes the sign-in on the server (best effort: offline, it simply expires) and forgets the tokens. */
  async signOut(): Promise<void> {
    const token = await this.store.get();
    this.access = null;
    await this.store.set(null);
    if (token)
      await serverRequest(this.r, 'POST', '/v1/auth/logout', { refreshToken: token }).catch(() => {});
  }

  /** An authenticated JSON request (the team list, an admin's changes to it). */
  async request(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<unknown> {
    return serverRequest(this.r, method, path, body, await this.accessToken());
  }

  async invite(role: string): Promise<z.infer<typeof inviteSchema>> {
    const v = await serverRequest(this.r, 'POST', '/v1/invites', { role }, await this.accessToken());
    const p = inviteSchema.safeParse(v);
    if (!p.success) throw new Unreachable('The sync server answered an invite with something unreadable.');
    return p.data;
  }
}
