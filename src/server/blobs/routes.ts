// Content-addressed blobs (headshots, their thumbnails, script PDFs): PUT/GET/HEAD /v1/blobs/:sha256. Stored in
// Postgres (bytea), per office. Every answer names the size limit (MAX_BLOB_HEADER) so that a desktop can keep a
// larger file local without sending it, and HEAD lets it skip an upload the office already has.
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authOf, requireAuth } from '../auth/guard.ts';
import type { ServerContext } from '../context.ts';
import { blobs } from '../db/schema.ts';
import { forbidden, notFound, parseBody, ServerError } from '../http/errors.ts';

const paramsSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex chars'),
});
/** The server's blob limit in bytes, on every blob answer (docs/SYNC.md, Blobs). */
export const MAX_BLOB_HEADER = 'x-castmatch-max-blob-bytes';
const BLOB_TYPES = /^(image\/(jpeg|png|webp|gif|avif|heic)|application\/(octet-stream|pdf))$/;

export function registerBlobRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const auth = requireAuth(ctx);
  // Raw bodies only on this route family; the limit is the blob limit, not the JSON one.
  for (const type of ['application/octet-stream', 'application/pdf', /^image\//]) {
    app.addContentTypeParser(
      type,
      { parseAs: 'buffer', bodyLimit: ctx.config.limits.blobBytes },
      (_req, body, done) => done(null, body),
    );
  }

  app.put(
    '/v1/blobs/:sha256',
    { preHandler: auth, bodyLimit: ctx.config.limits.blobBytes },
    async (req, reply) => {
      const { sha256 } = parseBody(paramsSchema, req.params);
      const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (!BLOB_TYPES.test(contentType)) {
        throw new ServerError(415, 'bad_request', `Unsupported blob content type "${contentType}".`);
      }
      const body = req.body;
      if (!Buffer.isBuffer(body) || body.length === 0)
        throw new ServerError(400, 'bad_request', 'Empty blob.');
      const actual = createHash('sha256').update(body).digest('hex');
      if (actual !== sha256) {
        throw new ServerError(
          400,
          'hash_mismatch',
          'The uploaded bytes do not match the SHA-256 in the URL.',
          {
            expected: sha256,
            actual,
          },
        );
      }
      const created = await ctx.officeTx(authOf(req), async (tx, user) => {
        if (user.role === 'viewer') throw forbidden('Viewers cannot upload.');
        const r = await tx.orm
          .insert(blobs)
          .values({
            officeId: user.officeId,
            sha256,
            size: body.length,
            contentType,
            data: body,
            createdBy: user.id,
          })
          .onConflictDoNothing()
          .returning({ sha256: blobs.sha256 });
        return r.length > 0;
      });
      return reply.code(created ? 201 : 200).send({ sha256, size: body.length, created });
    },
  );

  const limit = String(ctx.config.limits.blobBytes);
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/v1/blobs/')) reply.header(MAX_BLOB_HEADER, limit);
  });

  // Whether the office holds a blob, without reading it: the desktop asks before uploading (dedup across desktops).
  app.head('/v1/blobs/:sha256', { preHandler: auth }, async (req, reply) => {
    const { sha256 } = parseBody(paramsSchema, req.params);
    const row = await ctx.officeTx(authOf(req), async (tx, user) => {
      const [r] = await tx.orm
        .select({ size: blobs.size, contentType: blobs.contentType })
        .from(blobs)
        .where(and(eq(blobs.officeId, user.officeId), eq(blobs.sha256, sha256)));
      return r;
    });
    if (!row) return reply.code(404).send();
    return reply
      .header('content-type', row.contentType)
      .header('x-castmatch-blob-size', String(row.size))
      .header('etag', `"${sha256}"`)
      .send();
  });

  app.get('/v1/blobs/:sha256', { preHandler: auth, exposeHeadRoute: false }, async (req, reply) => {
    const { sha256 } = parseBody(paramsSchema, req.params);
    const row = await ctx.officeTx(authOf(req), async (tx, user) => {
      const [r] = await tx.orm
        .select({ data: blobs.data, contentType: blobs.contentType })
        .from(blobs)
        .where(and(eq(blobs.officeId, user.officeId), eq(blobs.sha256, sha256)));
      return r;
    });
    if (!row) throw notFound('No blob with this hash in your office.');
    return reply
      .header('content-type', row.contentType)
      .header('etag', `"${sha256}"`)
      .header('cache-control', 'private, max-age=31536000, immutable')
      .send(row.data);
  });
}
