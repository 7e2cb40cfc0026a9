// Server configuration, from the environment (documented in docs/SERVER.md) or built directly by tests.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

export interface Limits {
  /** Largest JSON request body, bytes. */
  bodyBytes: number;
  /** Largest blob, bytes. */
  blobBytes: number;
  /** Requests per minute per IP on every route. */
  requestsPerMinutePerIp: number;
  /** Requests per minute per signed-in user. */
  requestsPerMinutePerUser: number;
  /** Login attempts per 15 minutes per IP. */
  loginPerIp: number;
  /** Login attempts per 15 minutes per account (email). */
  loginPerAccount: number;
}

export interface ServerConfig {
  /** Owner connection: runs migrations and the narrow pre-auth lookups. Requests run as role castmatch_app. */
  databaseUrl: string;
  /** Optional: without it, the bus is in-process (one instance only). */
  redisUrl?: string | undefined;
  /** Prefix of every Redis key and channel, so deployments (or test runs) can share one Redis. */
  redisPrefix: string;
  host: string;
  port: number;
  /** HS256 secret, at least 32 bytes. */
  jwtSecret: string;
  jwtIssuer: string;
  jwtAudience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  inviteTtlHours: number;
  /** Oldest client schema version still served; older ones get 426 client_outdated. */
  minClientSchemaVersion: number;
  maxDriftMs: number;
  /** When set, creating an office needs header x-castmatch-signup-secret with this value. */
  signupSecret?: string | undefined;
  /** When set, GET /metrics needs "Authorization: Bearer <this>". */
  metricsToken?: string | undefined;
  limits: Limits;
  poolSize: number;
  logLevel: string;
  /** Trust X-Forwarded-For (behind a load balancer). */
  trustProxy: boolean;
}

export const defaultLimits: Limits = {
  bodyBytes: 8 * 1024 * 1024,
  blobBytes: 10 * 1024 * 1024,
  requestsPerMinutePerIp: 6000,
  requestsPerMinutePerUser: 1200,
  loginPerIp: 30,
  loginPerAccount: 10,
};

const intFromEnv = (def: number) => z.coerce.number().int().positive().default(def);

const envSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  REDIS_URL: z.string().url().optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,64}$/)
    .default('castmatch:'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
  JWT_ISSUER: z.string().default('castmatch-server'),
  JWT_AUDIENCE: z.string().default('castmatch-desktop'),
  ACCESS_TOKEN_TTL_SECONDS: intFromEnv(900),
  REFRESH_TOKEN_TTL_DAYS: intFromEnv(60),
  INVITE_TTL_HOURS: intFromEnv(72),
  MIN_CLIENT_SCHEMA_VERSION: intFromEnv(1),
  MAX_CLOCK_DRIFT_SECONDS: intFromEnv(300),
  SIGNUP_SECRET: z.string().min(8).optional(),
  METRICS_TOKEN: z.string().min(16).optional(),
  MAX_BODY_BYTES: intFromEnv(defaultLimits.bodyBytes),
  MAX_BLOB_BYTES: intFromEnv(defaultLimits.blobBytes),
  RATE_LIMIT_PER_IP_PER_MIN: intFromEnv(defaultLimits.requestsPerMinutePerIp),
  RATE_LIMIT_PER_USER_PER_MIN: intFromEnv(defaultLimits.requestsPerMinutePerUser),
  LOGIN_LIMIT_PER_IP: intFromEnv(defaultLimits.loginPerIp),
  LOGIN_LIMIT_PER_ACCOUNT: intFromEnv(defaultLimits.loginPerAccount),
  PG_POOL_SIZE: intFromEnv(20),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z.enum(['true', 'false', '1', '0']).default('false'),
  CASTMATCH_SERVER_DATA: z.string().optional(),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
});

export type ServerEnv = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseEnv(env: NodeJS.ProcessEnv): ServerEnv {
  // An empty variable (REDIS_URL=) means "not set", as in most shells' and compose files' usage.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const r = envSchema.safeParse(cleaned);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid server configuration:\n${lines.join('\n')}`);
  }
  return r.data;
}

export function dataDirFromEnv(env: ServerEnv): string {
  return env.CASTMATCH_SERVER_DATA ?? join(homedir(), '.castmatch-server');
}

/** Builds the config once the database URL and JWT secret are known (main.ts may supply both for dev mode). */
export function configFromEnv(env: ServerEnv, databaseUrl: string, jwtSecret: string): ServerConfig {
  return {
    databaseUrl,
    redisUrl: env.REDIS_URL,
    redisPrefix: env.REDIS_PREFIX,
    host: env.HOST,
    port: env.PORT,
    jwtSecret,
    jwtIssuer: env.JWT_ISSUER,
    jwtAudience: env.JWT_AUDIENCE,
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
    inviteTtlHours: env.INVITE_TTL_HOURS,
    minClientSchemaVersion: env.MIN_CLIENT_SCHEMA_VERSION,
    maxDriftMs: env.MAX_CLOCK_DRIFT_SECONDS * 1000,
    signupSecret: env.SIGNUP_SECRET,
    metricsToken: env.METRICS_TOKEN,
    limits: {
      bodyBytes: env.MAX_BODY_BYTES,
      blobBytes: env.MAX_BLOB_BYTES,
      requestsPerMinutePerIp: env.RATE_LIMIT_PER_IP_PER_MIN,
      requestsPerMinutePerUser: env.RATE_LIMIT_PER_USER_PER_MIN,
      loginPerIp: env.LOGIN_LIMIT_PER_IP,
      loginPerAccount: env.LOGIN_LIMIT_PER_ACCOUNT,
    },
    poolSize: env.PG_POOL_SIZE,
    logLevel: env.LOG_LEVEL,
    trustProxy: env.TRUST_PROXY === 'true' || env.TRUST_PROXY === '1',
  };
}

/**
 * What `npm run server` warns about at start: defaults that are fine on a laptop and wrong on a public
 * machine. `raw` is the environment as given (to tell a default from a choice).
 */
export function startupWarnings(raw: NodeJS.ProcessEnv, env: ServerEnv): string[] {
  const out: string[] = [];
  if (!raw.HOST && env.HOST === '0.0.0.0') {
    out.push(
      'HOST is not set: listening on 0.0.0.0, every network interface. Set HOST=127.0.0.1 behind a proxy on the same machine.',
    );
  }
  if (!env.SIGNUP_SECRET) {
    out.push(
      'SIGNUP_SECRET is not set: anyone who can reach this server can create an office. Set it on any server others can reach.',
    );
  }
  return out;
}
