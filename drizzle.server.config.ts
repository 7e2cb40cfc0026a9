import { defineConfig } from 'drizzle-kit';

// Server migrations (Postgres), apart from the desktop's SQLite migrations in drizzle.config.ts.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/server/db/schema.ts',
  out: './drizzle/server',
  schemaFilter: ['castmatch'],
});
