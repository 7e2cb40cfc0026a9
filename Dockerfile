# The CastMatch sync server (src/server) as a container: Node 22 runs the TypeScript sources directly (type
# stripping), as `npm run server` does. Production settings come from the environment (docs/SERVER.md); give
# it DATABASE_URL, REDIS_URL, JWT_SECRET and SIGNUP_SECRET. compose.yaml runs two of these behind Caddy.
FROM node:22-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Runtime dependencies only. No install scripts: the server needs none (argon2 and the other native modules it
# uses come prebuilt), and skipping them skips the desktop's Electron download and native rebuilds.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM node:22-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    CASTMATCH_SERVER_DATA=/var/lib/castmatch-server
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY drizzle/server ./drizzle/server
COPY src/server ./src/server
COPY src/shared ./src/shared
# Non-root: the image's own unprivileged "node" user (uid 1000) owns only its data directory.
RUN mkdir -p /var/lib/castmatch-server && chown node:node /var/lib/castmatch-server
USER node
EXPOSE 8787
# GET /health answers 200 when Postgres (and Redis, if configured) answer; slim has no curl, Node has fetch.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health`).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# `docker stop` sends SIGTERM to node (run with --init, or compose's init: true): main.ts closes gracefully.
STOPSIGNAL SIGTERM
CMD ["node", "src/server/main.ts"]
