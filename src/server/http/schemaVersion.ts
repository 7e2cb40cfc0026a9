// Every /v1 request carries the client's schema version; clients older than the server's minimum must update.
import type { FastifyInstance } from 'fastify';
import { SCHEMA_VERSION_HEADER } from '../../shared/sync/protocol.ts';
import type { ServerConfig } from '../config.ts';
import { ServerError } from './errors.ts';

export function checkSchemaVersion(config: ServerConfig, version: number): void {
  if (version < config.minClientSchemaVersion) {
    throw new ServerError(
      426,
      'client_outdated',
      `This CastMatch version is too old for the server (schema ${version} < ${config.minClientSchemaVersion}): update the app.`,
      { minSchemaVersion: config.minClientSchemaVersion },
    );
  }
}

export function installSchemaVersionCheck(app: FastifyInstance, config: ServerConfig): void {
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/v1/')) return;
    // Browsers cannot set headers on a WebSocket: the socket sends its version in its auth message instead.
    if (req.url.startsWith('/v1/ws')) return;
    const raw = req.headers[SCHEMA_VERSION_HEADER];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined || !/^\d{1,7}$/.test(value)) {
      throw new ServerError(400, 'bad_request', `Header ${SCHEMA_VERSION_HEADER} (an integer) is required.`);
    }
    checkSchemaVersion(config, Number(value));
  });
}
