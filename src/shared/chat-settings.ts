// Settings → Claude: the stored chat settings, the view the renderer gets (never the key itself), setting the
// key and testing the connection. Runtime-neutral: zod only.
import { z } from 'zod';

export const chatSettingsSchema = z.object({
  model: z.string().min(1).max(100),
  maxTokens: z.number().int().min(256).max(64_000).default(4096),
  /** Past this many (estimated) tokens of history, older turns are summarised. */
  contextBudgetTokens: z.number().int().min(2_000).max(900_000).default(60_000),
  /** How many relevant memories go into the system prompt (pinned ones always do). */
  memoryLimit: z.number().int().min(0).max(50).default(8),
  maxToolIterations: z.number().int().min(1).max(25).default(8),
});
export type ChatSettings = z.infer<typeof chatSettingsSchema>;
export const chatSettingsPatchSchema = chatSettingsSchema.partial();

export const chatSettingsViewSchema = chatSettingsSchema.extend({
  /** The key itself never reaches the renderer. */
  hasApiKey: z.boolean(),
  keyStorage: z.string(),
  /** True when the key is kept in a plain (0600) file rather than the OS keychain. */
  keyStorageInsecure: z.boolean(),
  knownModels: z.array(z.object({ id: z.string(), label: z.string() })),
});
export type ChatSettingsView = z.infer<typeof chatSettingsViewSchema>;

export const setApiKeyInput = z.object({ apiKey: z.string().trim().max(500).nullable() });
export const testConnectionResultSchema = z.object({
  ok: z.boolean(),
  model: z.string(),
  latencyMs: z.number(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type TestConnectionResult = z.infer<typeof testConnectionResultSchema>;
