// The presentation deck: a PDF for the director or producer. A cover, then per role a summary page and one page
// per candidate (primary headshot, the facts the caller picked, a clickable showreel link, notes and rating),
// and the recipient's watermark on every page. Candidates are drawn one at a time, yielding between them, so a
// large deck neither holds every image at once nor keeps the backend's thread from other calls.
import type { PDFDocument, PDFPage } from 'pdf-lib';
import type { DeckField } from '../../shared/deck.ts';
import { FLUENCY_LABELS, GENDER_LABELS, type Gender, type LanguageSkill } from '../../shared/talent.ts';
import { loadPdfLib, type PdfLib, TextWriter } from './pdf-text.ts';

export interface DeckImage {
  bytes: Uint8Array;
  kind: 'jpg' | 'png';
}

export interface DeckPerson {
  fullName: string;
  nativeName: string | null;
  stageName: string | null;
  playingAgeMin: number | null;
  playingAgeMax: number | null;
  heightCm: number | null;
  city: string | null;
  languages: LanguageSkill[];
  skills: string[];
  agency: string | null;
  phone: string | null;
  email: string | null;
  showreelUrl: string | null;
  /** The shortlist entry's note and rating (for this role), not the profile's. */
  notes: string | null;
  rating: number | null;
  /** Read when the candidate's page is drawn; null when there is no usable headshot. */
  image?: () => Promise<DeckImage | null>;
}

export interface DeckRole {
  name: string;
  description: string | null;
  ageMin: number | null;
  ageMax: number | null;
  gender: Gender | null;
  languages: string[];
  candidates: DeckPerson[];
}

export interface DeckInput {
  projectName: string;
  /** "Role: NAME" for one role's shortlist, else the whole project. */
  scope: string;
  /** The date printed on the cover and the watermark, e.g. "7 Dec 2026". */
  date: string;
  recipient?: string;
  fields: DeckField[];
  roles: DeckRole[];
  fontBytes?: Uint8Array | null;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

const W = 595;
const H = 842; // A4 portrait
const M = 48;

const range = (a: number | null, b: number | null, unit = '') =>
  a == null && b == null
    ? ''
    : a === b || b == null
      ? `${a}${unit}`
      : a == null
        ? `${b}${unit}`
        : `${a}–${b}${unit}`;

/** The "label: value" lines for the picked fields, in the order of the field list; empty ones are left out. */
export function deckFacts(p: DeckPerson, fields: DeckField[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const add = (label: string, value: string | null | undefined) => {
    if (value?.trim()) out.push([label, value.trim()]);
  };
  for (const f of fields) {
    if (f === 'playingAge') add('Playing age', range(p.playingAgeMin, p.playingAgeMax));
    else if (f === 'height') add('Height', p.heightCm ? `${p.heightCm} cm` : null);
    else if (f === 'city') add('City', p.city);
    else if (f === 'languages')
      add(
        'Languages',
        p.languages.map((l) => `${l.language} (${FLUENCY_LABELS[l.fluency] ?? l.fluency})`).join(', '),
      );
    else if (f === 'skills') add('Skills', p.skills.join(', '));
    else if (f === 'agency') add('Agency', p.agency);
    else if (f === 'phone') add('Phone', p.phone);
    else if (f === 'email') add('Email', p.email);
    else if (f === 'rating') add('Rating', p.rating ? `${p.rating} / 5` : null);
  }
  return out;
}

/** Only web links become clickable: anything else in the field is printed, not linked. */
const isWebUrl = (u: string) => /^https?:\/\/[^\s]+$/i.test(u.trim());

function addLink(lib: PdfLib, doc: PDFDocument, page: PDFPage, url: string, rect: number[]): void {
  const annot = doc.context.obj({
    Type: 'Annot',
    Subtype: 'Link',
    Rect: rect,
    Border: [0, 0, 0],
    A: { Type: 'Action', S: 'URI', URI: lib.PDFString.of(url) },
  });
  page.node.addAnnot(doc.context.register(annot));
}

const nextTick = () => new Promise<void>((r) => setImmediate(r));

export async function buildDeck(input: DeckInput): Promise<{ bytes: Uint8Array; pages: number }> {
  const lib = await loadPdfLib();
  const { rgb } = lib;
  const doc = await lib.PDFDocument.create();
  doc.setTitle(`${input.projectName} — ${input.scope}`);
  doc.setCreator('CastMatch');
  const t = await TextWriter.create(lib, doc, input.fontBytes ?? null);
  const grey = rgb(0.35, 0.37, 0.42);
  const stamp = input.recipient ? `Prepared for ${input.recipient} · ${input.date}` : null;
  const fields = new Set(input.fields);
  const total = input.roles.reduce((n, r) => n + r.candidates.length, 0);

  // Cover.
  const cover = doc.addPage([W, H]);
  t.draw(cover, input.projectName, { x: M, y: H - 260, size: 30, font: t.bold, maxWidth: W - 2 * M });
  t.draw(cover, input.scope, { x: M, y: H - 300, size: 16, maxWidth: W - 2 * M });
  t.draw(cover, `${total} candidate${total === 1 ? '' : 's'} · ${input.date}`, {
    x: M,
    y: H - 330,
    size: 11,
    color: grey,
  });
  if (input.recipient)
    t.draw(cover, `Prepared for ${input.recipient}`, { x: M, y: H - 360, size: 12, maxWidth: W - 2 * M });
  t.draw(cover, 'Confidential: for casting purposes only.', { x: M, y: M, size: 8, color: grey });

  let done = 0;
  for (const role of input.roles) {
    // Role summary.
    const sp = doc.addPage([W, H]);
    let y = H - M - 20;
    t.draw(sp, role.name, { x: M, y, size: 22, font: t.bold, maxWidth: W - 2 * M });
    y -= 22;
    t.draw(sp, input.projectName, { x: M, y, size: 10, color: grey, maxWidth: W - 2 * M });
    y -= 30;
    const brief: Array<[string, string]> = [];
    const ages = range(role.ageMin, role.ageMax);
    if (ages) brief.push(['Age', ages]);
    if (role.gender) brief.push(['Gender', GENDER_LABELS[role.gender]]);
    if (role.languages.length) brief.push(['Languages', role.languages.join(', ')]);
    brief.push(['Candidates', String(role.candidates.length)]);
    for (const [k, v] of brief) {
      t.draw(sp, `${k}:`, { x: M, y, size: 11, font: t.bold });
      t.draw(sp, v, { x: M + 90, y, size: 11, maxWidth: W - 2 * M - 90 });
      y -= 17;
    }
    y -= 12;
    for (const line of t.wrap(role.description ?? '', 11, W - 2 * M)) {
      if (y < M + 20) break;
      t.draw(sp, line, { x: M, y, size: 11 });
      y -= 15;
    }
    if (role.candidates.length) {
      y -= 10;
      t.draw(sp, 'On this list', { x: M, y, size: 12, font: t.bold });
      y -= 17;
      for (const c of role.candidates) {
        if (y < M + 20) break;
        t.draw(sp, `• ${c.fullName}${c.nativeName ? ` (${c.nativeName})` : ''}`, {
          x: M + 8,
          y,
          size: 10,
          maxWidth: W - 2 * M - 8,
        });
        y -= 14;
      }
    }

    // One page per candidate.
    for (const c of role.candidates) {
      if (input.signal?.aborted) throw new Error('The deck export was cancelled.');
      const page = doc.addPage([W, H]);
      t.draw(page, `${input.projectName} · ${role.name}`, {
        x: M,
        y: H - 30,
        size: 8,
        color: grey,
        maxWidth: W - 2 * M,
      });
      const imgW = 220;
      const imgH = 290;
      const top = H - M - 10;
      const img = c.image ? await c.image() : null;
      if (img) {
        const embedded = img.kind === 'png' ? await doc.embedPng(img.bytes) : await doc.embedJpg(img.bytes);
        const s = Math.min(imgW / embedded.width, imgH / embedded.height);
        const w = embedded.width * s;
        const h = embedded.height * s;
        page.drawImage(embedded, { x: M + (imgW - w) / 2, y: top - h, width: w, height: h });
      } else {
        page.drawRectangle({
          x: M,
          y: top - imgH,
          width: imgW,
          height: imgH,
          color: rgb(0.93, 0.94, 0.96),
        });
        t.draw(page, 'No headshot', { x: M + 75, y: top - imgH / 2, size: 10, color: grey });
      }
      const x = M + imgW + 24;
      const colW = W - M - x;
      let cy = top - 20;
      t.draw(page, c.fullName, { x, y: cy, size: 20, font: t.bold, maxWidth: colW });
      cy -= 22;
      if (c.nativeName) {
        t.draw(page, c.nativeName, { x, y: cy, size: 14, maxWidth: colW });
        cy -= 18;
      }
      if (c.stageName && c.stageName !== c.fullName) {
        t.draw(page, `Stage name: ${c.stageName}`, { x, y: cy, size: 10, color: grey, maxWidth: colW });
        cy -= 16;
      }
      cy -= 10;
      for (const [label, value] of deckFacts(c, input.fields)) {
        t.draw(page, label, { x, y: cy, size: 8, color: grey });
        cy -= 12;
        for (const line of t.wrap(value, 11, colW).slice(0, 4)) {
          t.draw(page, line, { x, y: cy, size: 11 });
          cy -= 14;
        }
        cy -= 6;
      }
      let by = Math.min(cy, top - imgH) - 24;
      if (fields.has('showreel') && c.showreelUrl) {
        t.draw(page, 'Showreel', { x: M, y: by, size: 8, color: grey });
        by -= 14;
        const url = c.showreelUrl.trim();
        const shown = t.fit(url, 11, W - 2 * M);
        const link = isWebUrl(url);
        t.draw(page, shown, { x: M, y: by, size: 11, color: link ? rgb(0.1, 0.3, 0.75) : undefined });
        if (link) addLink(lib, doc, page, url, [M, by - 3, M + t.width(shown, 11), by + 11]);
        by -= 24;
      }
      if (fields.has('notes') && c.notes?.trim()) {
        t.draw(page, 'Notes', { x: M, y: by, size: 8, color: grey });
        by -= 14;
        for (const line of t.wrap(c.notes, 11, W - 2 * M)) {
          if (by < M) break;
          t.draw(page, line, { x: M, y: by, size: 11 });
          by -= 15;
        }
      }
      done++;
      input.onProgress?.(done, total);
      await nextTick();
    }
  }

  const pages = doc.getPages();
  pages.forEach((p, i) => {
    if (stamp) t.watermark(lib, p, stamp);
    t.draw(p, `${i + 1} / ${pages.length}`, { x: W - M - 30, y: 24, size: 8, color: grey });
  });
  const out = await doc.save();
  return { bytes: out, pages: pages.length };
}
