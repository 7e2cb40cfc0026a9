// A context chip (talent, shortlist, role, script) as the text block saved with the user's message: the data
// Claude's tools give for it, wrapped in an <attached> tag, or the error that came instead.
import type { Attachment, ChatBlock } from '../../shared/chat.ts';
import type { ToolContext } from './tool-context.ts';
import { runTool } from './tool-runner.ts';

export function attachmentBlock(ctx: ToolContext, a: Attachment): ChatBlock {
  let body: unknown;
  try {
    if (a.kind === 'talent') {
      const r = runTool(ctx, 'get_talent', { id: a.id });
      body = r.result;
    } else if (a.kind === 'shortlist') {
      body = runTool(ctx, 'get_shortlist', { roleId: a.id }).result;
    } else if (a.kind === 'role') {
      const s = ctx.getShortlist(a.id);
      const role = s ? ctx.listRoles(s.role.projectId).find((r) => r.id === a.id) : undefined;
      body = role ? { ...role, projectName: s?.role.projectName ?? null } : { error: 'Role not found' };
    } else {
      body = runTool(ctx, 'get_script_analysis', { scriptId: a.id, part: 'cast' }).result;
    }
  } catch (e) {
    body = { error: e instanceof Error ? e.message : String(e) };
  }
  return {
    type: 'text',
    text: `<attached ${a.kind} id="${a.id}"${a.label ? ` label="${a.label.replace(/"/g, "'")}"` : ''}>\n${JSON.stringify(body)}\n</attached>`,
    attachment: a,
  };
}
