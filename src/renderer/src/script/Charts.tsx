// Plain SVG charts of the analysis. Each is an image with a spoken summary, and its data is also a table.
import type { ScriptAnalysis } from '../../../shared/script.ts';
import { sceneLabel } from './format.ts';

const TOP = 15;

function DataTable({
  caption,
  head,
  rows,
}: {
  caption: string;
  head: string[];
  rows: (string | number)[][];
}) {
  return (
    <details className="chart-data">
      <summary>{caption} as a table</summary>
      <table className="script-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={String(r[0])}>
              {r.map((c, i) => (i === 0 ? <th key={head[0]}>{c}</th> : <td key={head[i]}>{c}</td>))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function Bars({
  title,
  items,
  unit,
}: {
  title: string;
  items: Array<{ label: string; value: number }>;
  unit: string;
}) {
  const max = Math.max(1, ...items.map((i) => i.value));
  const rowH = 22;
  const labelW = 170;
  const barW = 360;
  const h = items.length * rowH + 8;
  const summary = items.map((i) => `${i.label} ${i.value}`).join(', ');
  return (
    <svg
      className="chart"
      role="img"
      aria-label={`${title}: ${summary || 'none'}`}
      viewBox={`0 0 ${labelW + barW + 60} ${h}`}
      width="100%"
      style={{ maxWidth: labelW + barW + 60 }}
    >
      {items.map((it, k) => {
        const y = 4 + k * rowH;
        const w = Math.max(2, (it.value / max) * barW);
        return (
          <g key={it.label}>
            <text x={labelW - 8} y={y + rowH / 2 + 4} textAnchor="end" className="chart-label">
              {it.label.length > 24 ? `${it.label.slice(0, 23)}…` : it.label}
            </text>
            <rect x={labelW} y={y + 3} width={w} height={rowH - 8} rx={3} className="chart-bar" />
            <text x={labelW + w + 6} y={y + rowH / 2 + 4} className="chart-value">
              {it.value}
              <title>{`${it.label}: ${it.value} ${unit}`}</title>
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** A strip per main character across the script: scenes where they speak, and where they are only named. */
function PresenceStrip({ analysis }: { analysis: ScriptAnalysis }) {
  const scenes = analysis.scenes;
  const chars = analysis.characters.slice(0, 12);
  const labelW = 170;
  const stripW = 560;
  const rowH = 20;
  const total = scenes.reduce((n, s) => n + Math.max(1, s.eighths), 0) || 1;
  const xs: number[] = [];
  let acc = 0;
  for (const s of scenes) {
    xs.push((acc / total) * stripW);
    acc += Math.max(1, s.eighths);
  }
  const widthOf = (k: number) => (Math.max(1, scenes[k]!.eighths) / total) * stripW;
  const col = new Map(scenes.map((s, k) => [s.index, k] as const));
  const summary = chars
    .map((c) => `${c.name} speaks in ${c.scenes.length} of ${scenes.length} scenes`)
    .join('; ');
  return (
    <>
      <svg
        className="chart"
        role="img"
        aria-label={`Presence along the script, scene by scene: ${summary}`}
        viewBox={`0 0 ${labelW + stripW + 10} ${chars.length * rowH + 24}`}
        width="100%"
        style={{ maxWidth: labelW + stripW + 10 }}
      >
        {chars.map((c, i) => {
          const y = i * rowH + 4;
          const named = new Set(c.namedInScenes);
          return (
            <g key={c.name}>
              <text x={labelW - 8} y={y + rowH / 2 + 4} textAnchor="end" className="chart-label">
                {c.name.length > 24 ? `${c.name.slice(0, 23)}…` : c.name}
              </text>
              <rect x={labelW} y={y + 3} width={stripW} height={rowH - 6} className="chart-track" />
              {c.scenes.map((si) => {
                const k = col.get(si);
                return k === undefined ? null : (
                  <rect
                    key={si}
                    x={labelW + xs[k]!}
                    y={y + 3}
                    width={Math.max(1.5, widthOf(k))}
                    height={rowH - 6}
                    className="chart-bar"
                  />
                );
              })}
              {[...named]
                .filter((si) => !c.scenes.includes(si))
                .map((si) => {
                  const k = col.get(si);
                  return k === undefined ? null : (
                    <rect
                      key={`n${si}`}
                      x={labelW + xs[k]!}
                      y={y + 3}
                      width={Math.max(1.5, widthOf(k))}
                      height={rowH - 6}
                      className="chart-bar named"
                    />
                  );
                })}
            </g>
          );
        })}
        <text x={labelW} y={chars.length * rowH + 20} className="chart-value">
          Page 1
        </text>
        <text x={labelW + stripW} y={chars.length * rowH + 20} textAnchor="end" className="chart-value">
          Page {analysis.pages}
        </text>
      </svg>
      <p className="chart-legend">
        <span className="swatch" aria-hidden="true" /> speaks{' '}
        <span className="swatch named" aria-hidden="true" /> named in action only
      </p>
    </>
  );
}

export function Charts({ analysis }: { analysis: ScriptAnalysis }) {
  const speeches = analysis.characters.slice(0, TOP).map((c) => ({ label: c.name, value: c.speeches }));
  const locations = [...analysis.locations]
    .sort((a, b) => b.scenes.length - a.scenes.length || a.name.localeCompare(b.name))
    .slice(0, TOP)
    .map((l) => ({ label: l.name, value: l.scenes.length }));
  return (
    <div className="charts">
      <section aria-labelledby="chart-speeches">
        <h3 id="chart-speeches">Speeches per character</h3>
        <Bars title="Speeches per character" items={speeches} unit="speeches" />
        <DataTable
          caption="Speeches per character"
          head={['Character', 'Speeches', 'Words', 'Scenes']}
          rows={analysis.characters.map((c) => [c.name, c.speeches, c.words, c.scenes.length])}
        />
      </section>
      <section aria-labelledby="chart-presence">
        <h3 id="chart-presence">Presence along the script</h3>
        <PresenceStrip analysis={analysis} />
        <DataTable
          caption="Presence along the script"
          head={['Character', 'Speaks in scenes', 'Named in scenes']}
          rows={analysis.characters.map((c) => [
            c.name,
            c.scenes.map((i) => analysis.scenes.find((s) => s.index === i)?.number ?? i).join(', '),
            c.namedInScenes.map((i) => analysis.scenes.find((s) => s.index === i)?.number ?? i).join(', '),
          ])}
        />
      </section>
      <section aria-labelledby="chart-locations">
        <h3 id="chart-locations">Scenes per location</h3>
        <Bars title="Scenes per location" items={locations} unit="scenes" />
        <DataTable
          caption="Scenes per location"
          head={['Location', 'Scenes', 'Length (pages)', 'First scene']}
          rows={analysis.locations.map((l) => {
            const first = analysis.scenes.find((s) => s.index === l.scenes[0]);
            return [l.name, l.scenes.length, (l.eighths / 8).toFixed(1), first ? sceneLabel(first) : ''];
          })}
        />
      </section>
    </div>
  );
}
