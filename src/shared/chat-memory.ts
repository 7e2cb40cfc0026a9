// Claude's long-term memories: the memory as the Memory screen and the chat events carry it, and the inputs
// of the memory.* methods. Runtime-neutral: zod only.
import { z } from 'zod';

export const memorySchema = z.object({
  id: z.string(),
  text: z.string(),
  sourceConversationId: z.string().nullable(),
  pinned: z.boolean(),
  /** Who added it (the person signed in to the office then); null on a desktop that was not signed in. */
  addedBy: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Memory = z.infer<typeof memorySchema>;

export const memoryCreateInput = z.object({
  text: z.string().trim().min(1).max(2000),
  pinned: z.boolean().default(false),
  sourceConversationId: z.string().nullable().default(null),
});
export const memoryUpdateInput = z.object({
  id: z.string().min(1),
  text: z.string().trim().min(1).max(2000).optional(),
  pinned: z.boolean().optional(),
});
export const memoryListInput = z.object({ search: z.string().max(500).default('') });
