import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/backend/store/schema.ts',
  out: './drizzle',
});
