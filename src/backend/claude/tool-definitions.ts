// Claude's tool definitions as sent to the API: JSON Schema from the zod inputs in src/shared/chat-tools.ts,
// with cache_control on the last one; and the words for a tool input that does not fit its schema, which
// name the arguments the definition takes.
import type { Tool } from '@anthropic-ai/sdk/resources/messages';
import { z } from 'zod';
import { CHAT_TOOLS, TOOL_NAMES, type ToolName } from '../../shared/chat-tools.ts';

function jsonSchemaOf(schema: z.ZodType): Tool.InputSchema {
  const js = z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
  delete js.$schema;
  return { ...js, type: 'object' } as Tool.InputSchema;
}

let cachedDefs: Tool[] | null = null;

/** The tool definitions, the last one marked for prompt caching (caches all tools with it). */
export function toolDefinitions(): Tool[] {
  if (!cachedDefs) {
    cachedDefs = TOOL_NAMES.map((name, i) => {
      const t = CHAT_TOOLS[name];
      const def: Tool = { name, description: t.description, input_schema: jsonSchemaOf(t.input) };
      if (i === TOOL_NAMES.length - 1) def.cache_control = { type: 'ephemeral' };
      return def;
    });
  }
  return cachedDefs;
}

// ---------- input errors ----------

/** Top-level argument names of a tool, for "did you mean" hints. */
function argumentNames(name: ToolName): string[] {
  const props = (toolDefinitions().find((d) => d.name === name)?.input_schema.properties ?? {}) as object;
  return Object.keys(props);
}

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** "gender" → "genders", "min_age" → "ageMin": the known argument an unknown one most likely meant. */
function closestArgument(unknown: string, known: string[]): string | null {
  const u = squash(unknown);
  const sorted = (s: string) => [...s].sort().join('');
  return (
    known.find((k) => {
      const q = squash(k);
      const plural = u.endsWith('y') ? `${u.slice(0, -1)}ies` : `${u}s`;
      return q === u || q === plural || `${q}s` === u || q === `${u}cm` || sorted(q) === sorted(u);
    }) ?? null
  );
}

/** Every problem of a tool input, each naming its argument, in words Claude can act on. */
export function describeToolInputError(name: ToolName, error: z.ZodError): string {
  const known = argumentNames(name);
  const problems = error.issues.flatMap((issue) => {
    const where = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => {
        const at = where ? `${where}.${k}` : k;
        const hint = where ? null : closestArgument(k, known);
        return `unknown argument "${at}"${hint ? ` (did you mean "${hint}"?)` : ''}`;
      });
    }
    return [`"${where || 'input'}": ${issue.message}`];
  });
  return `Invalid input for ${name}: ${problems.join('; ')}. Arguments it takes: ${known.join(', ') || 'none'}.`;
}
