// A tool call in an answer, as a card: what Claude asked for, and what came back. Talent results are buttons
// that open the profile; a shortlist proposal is confirmed (or dismissed) here, never written by Claude.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { CHAT_TOOLS, type ShortlistProposal, shortlistProposalSchema } from '../../../shared/chat-tools.ts';
import { call, errorMessage } from '../api.ts';
import { useToasts } from '../ui/Toasts.tsx';

export type ToolView = {
  id: string;
  name: string;
  input: unknown;
  done: boolean;
  ok: boolean;
  result: unknown;
};

const talentHit = z.object({
  id: z.string(),
  fullName: z.string(),
  stageName: z.string().nullable().optional(),
  playingAge: z.string().nullable().optional(),
  city: z.string().nullable().optional(),
  gender: z.string().nullable().optional(),
});
const searchResult = z.object({ total: z.number().nullable().optional(), talents: z.array(talentHit) });
const errorResult = z.object({ error: z.string() });
const memoryResult = z.object({ text: z.string() }).loose();
const rememberInput = z.object({ text: z.string() }).loose();
const searchInput = z
  .object({
    text: z.string().optional(),
    ageMin: z.number().optional(),
    ageMax: z.number().optional(),
    genders: z.array(z.string()).optional(),
    languages: z.array(z.object({ language: z.string() })).optional(),
    skills: z.array(z.string()).optional(),
    cities: z.array(z.string()).optional(),
  })
  .loose();

/** A stored tool_result's JSON text back to an object (null when it was cut for length). */
export function parseResult(content: string | null): unknown {
  if (content == null) return null;
  try {
    return JSON.parse(content) as unknown;
  } catch {
    return null;
  }
}

function inputSummary(name: string, input: unknown): string {
  if (name === 'search_talent') {
    const i = searchInput.safeParse(input);
    if (!i.success) return '';
    const d = i.data;
    const age = d.ageMin != null || d.ageMax != null ? `age ${d.ageMin ?? '…'}–${d.ageMax ?? '…'}` : null;
    return [
      d.text ? `“${d.text}”` : null,
      age,
      d.genders?.join(', '),
      d.languages?.map((l) => l.language).join(', '),
      d.skills?.join(', '),
      d.cities?.join(', '),
    ]
      .filter(Boolean)
      .join(' · ');
  }
  if (name === 'remember') {
    const i = rememberInput.safeParse(input);
    return i.success ? `“${i.data.text}”` : '';
  }
  if (input && typeof input === 'object') {
    return (
      Object.entries(input as Record<string, unknown>)
        // Ids mean nothing to a person; the card's body names the role or project.
        .filter(([k, v]) => v != null && typeof v !== 'object' && !/id$/i.test(k))
        .map(([k, v]) => `${k}: ${String(v)}`)
        .join(' · ')
    );
  }
  return '';
}

const label = (name: string) =>
  name in CHAT_TOOLS ? CHAT_TOOLS[name as keyof typeof CHAT_TOOLS].label : `Used ${name}`;

export function ToolCard({ tool, onOpenTalent }: { tool: ToolView; onOpenTalent: (id: string) => void }) {
  const summary = inputSummary(tool.name, tool.input);
  const err = errorResult.safeParse(tool.result);
  const status = !tool.done ? 'running…' : !tool.ok || err.success ? 'failed' : 'done';
  return (
    <section className={`tool-card${tool.ok ? '' : ' failed'}`} aria-label={`Tool: ${label(tool.name)}`}>
      <div className="tool-head">
        <span className="tool-name">{label(tool.name)}</span>
        {summary && <span className="tool-input">{summary}</span>}
        <span className="tool-status">
          <span className="sr-only">Status: </span>
          {status}
        </span>
      </div>
      {tool.done && <ToolBody tool={tool} onOpenTalent={onOpenTalent} />}
    </section>
  );
}

function ToolBody({ tool, onOpenTalent }: { tool: ToolView; onOpenTalent: (id: string) => void }) {
  const err = errorResult.safeParse(tool.result);
  if (!tool.ok || err.success)
    return <p className="tool-error">{err.success ? err.data.error : 'The tool failed.'}</p>;
  if (tool.name === 'search_talent') {
    const r = searchResult.safeParse(tool.result);
    if (!r.success) return null;
    const { talents, total } = r.data;
    return (
      <>
        <p className="tool-meta">
          {total != null ? `${total.toLocaleString('en-IN')} found` : `${talents.length} found`}
          {total != null && total > talents.length ? `, ${talents.length} shown` : ''}
        </p>
        {talents.length > 0 && (
          <ul className="talent-hits" aria-label="Talent found">
            {talents.map((t) => (
              <li key={t.id}>
                <button type="button" className="talent-hit" onClick={() => onOpenTalent(t.id)}>
                  <b>{t.stageName ?? t.fullName}</b>
                  <small>{[t.playingAge && `${t.playingAge} yrs`, t.city].filter(Boolean).join(' · ')}</small>
                </button>
              </li>
            ))}
          </ul>
        )}
      </>
    );
  }
  if (tool.name === 'get_talent') {
    const r = talentHit.safeParse(tool.result);
    if (!r.success) return null;
    return (
      <button type="button" className="talent-hit" onClick={() => onOpenTalent(r.data.id)}>
        <b>{r.data.stageName ?? r.data.fullName}</b>
        <small>Open profile</small>
      </button>
    );
  }
  if (tool.name === 'propose_shortlist_addition') {
    const r = shortlistProposalSchema.safeParse(tool.result);
    return r.success ? <Proposal id={tool.id} p={r.data} onOpenTalent={onOpenTalent} /> : null;
  }
  if (tool.name === 'remember') {
    const r = memoryResult.safeParse(tool.result);
    return r.success ? <p className="tool-meta">Remembered: {r.data.text}</p> : null;
  }
  return (
    <details className="tool-raw">
      <summary>Show result</summary>
      <pre>{JSON.stringify(tool.result, null, 2)}</pre>
    </details>
  );
}

const dismissedKey = (id: string) => `castmatch.chat.dismissed.${id}`;

/** Confirm adds the proposed people who are not on the shortlist yet; the shortlist itself is the record. */
function Proposal({
  id,
  p,
  onOpenTalent,
}: {
  id: string;
  p: ShortlistProposal;
  onOpenTalent: (id: string) => void;
}) {
  const qc = useQueryClient();
  const toasts = useToasts();
  const [dismissed, setDismissed] = useState(() => localStorage.getItem(dismissedKey(id)) === '1');
  const [busy, setBusy] = useState(false);
  const shortlist = useQuery({
    queryKey: ['shortlist.get', p.roleId],
    queryFn: () => call('shortlist.get', { roleId: p.roleId }),
  });
  const onList = new Set(shortlist.data?.map((e) => e.talent.id) ?? []);
  const toAdd = p.talents.filter((t) => !onList.has(t.id));
  const role = p.roleName ?? 'the role';
  const confirm = async () => {
    setBusy(true);
    try {
      for (const t of toAdd)
        await call('shortlist.add', { roleId: p.roleId, talentId: t.id, notes: p.reason });
      toasts.show(`Added ${toAdd.length} to the shortlist for ${role}`);
      void qc.invalidateQueries({ queryKey: ['shortlist.get', p.roleId] });
      void qc.invalidateQueries({ queryKey: ['roles.list'] });
    } catch (e) {
      toasts.show(errorMessage(e), { kind: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="proposal">
      <p className="tool-meta">
        Add to the shortlist for <b>{role}</b>
        {p.reason ? ` — ${p.reason}` : ''}
      </p>
      <ul className="talent-hits" aria-label="Proposed talent">
        {p.talents.map((t) => (
          <li key={t.id}>
            <button type="button" className="talent-hit" onClick={() => onOpenTalent(t.id)}>
              <b>{t.fullName}</b>
              <small>{onList.has(t.id) ? 'on the shortlist' : 'proposed'}</small>
            </button>
          </li>
        ))}
      </ul>
      {shortlist.isSuccess && toAdd.length === 0 ? (
        <p className="tool-meta">Everyone proposed is on the shortlist.</p>
      ) : dismissed ? (
        <p className="tool-meta">
          Dismissed.{' '}
          <button
            type="button"
            className="linkish"
            onClick={() => {
              localStorage.removeItem(dismissedKey(id));
              setDismissed(false);
            }}
          >
            Show again
          </button>
        </p>
      ) : (
        <div className="actions">
          <button
            type="button"
            className="btn primary small"
            disabled={busy || !shortlist.isSuccess}
            onClick={confirm}
          >
            Add {toAdd.length} to shortlist
          </button>
          <button
            type="button"
            className="btn small"
            onClick={() => {
              localStorage.setItem(dismissedKey(id), '1');
              setDismissed(true);
            }}
          >
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
