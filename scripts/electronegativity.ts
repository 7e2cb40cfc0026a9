// `npm run lint:electron` (part of `npm run lint`): Doyensec's Electronegativity over src/ (the Electron shell,
// the preload and the page). Fails on any finding of MEDIUM severity or above that is not justified: a finding at
// a line by an inline `// eng-disable CHECK_ID: why` on that line; a global finding (no line) in
// GLOBAL_JUSTIFIED below. Also fails if a file cannot be parsed, so nothing is skipped silently.
// Offline and repeatable: the tool's two network look-ups (fresh translations, Electron's release list) are
// answered "unreachable" here. It parses TypeScript with typescript-estree 4, which must load its own
// TypeScript 4.2 (the project's TypeScript 7 has no JavaScript API): a resolve hook points it there.
import { createRequire, registerHooks } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(import.meta.dirname, '..');
// --input DIR: scan another folder (tests/shell/electronegativity.test.ts plants findings in one).
const { values } = parseArgs({ options: { input: { type: 'string', default: join(root, 'src') } } });
const require = createRequire(join(root, 'package.json'));
const toolDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
const typescript4 = pathToFileURL(createRequire(join(toolDir, 'package.json')).resolve('typescript')).href;
const OFFLINE_GOT = pathToFileURL(join(toolDir, 'castmatch-offline-got.cjs')).href;

registerHooks({
  resolve(specifier, context, next) {
    const fromTool = /electronegativity|@typescript-eslint/.test(context.parentURL ?? '');
    if (fromTool && specifier === 'typescript')
      return { url: typescript4, format: 'commonjs', shortCircuit: true };
    if (fromTool && specifier === 'got') return { url: OFFLINE_GOT, format: 'commonjs', shortCircuit: true };
    return next(specifier, context);
  },
  load(url, context, next) {
    if (url === OFFLINE_GOT)
      return {
        format: 'commonjs',
        source: 'module.exports = () => Promise.reject(new Error("offline: no network look-ups in lint"));',
        shortCircuit: true,
      };
    return next(url, context);
  },
});

/** Global findings (no line to annotate) that do not apply here, and why. */
const GLOBAL_JUSTIFIED: Record<string, string> = {
  CSP_GLOBAL_CHECK:
    'the CSP (src/backend/host/csp.ts) is a response header of the app:// protocol handler (src/main/index.ts) and ' +
    'the browser host; Electronegativity only recognises webRequest headers and <meta> tags. ' +
    'tests/e2e/security.spec.ts shows it enforced.',
};

interface Issue {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { name: string; value: number };
  confidence: { name: string };
  description: string;
}
type Run = (o: Record<string, unknown>) => Promise<{
  issues: Issue[];
  errors: { file: string; message: string; tolerable: boolean }[];
}>;

const run = require('@doyensec/electronegativity') as Run;
const electron = (require('electron/package.json') as { version: string }).version;
const quiet = console.log;
console.log = () => {}; // its "could not retrieve translations" line: expected, offline by design
const result = await run({
  input: values.input,
  isRelative: true,
  electronVersionOverride: electron,
  // Which Electron releases have security fixes is a network question (the release list), not a lint.
  excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
});
console.log = quiet;

const MEDIUM = 2;
let failures = 0;
let justified = 0;
for (const e of result.errors) {
  if (e.tolerable) continue;
  failures++;
  console.error(`could not parse ${e.file}: ${e.message}`);
}
for (const i of result.issues) {
  if (i.severity.value < MEDIUM) continue;
  if (i.file === 'N/A' && GLOBAL_JUSTIFIED[i.id]) {
    justified++;
    console.log(`justified ${i.id} (${i.severity.name}): ${GLOBAL_JUSTIFIED[i.id]}`);
    continue;
  }
  failures++;
  const at = i.file === 'N/A' ? 'whole app' : `${i.file}:${i.location.line}`;
  console.error(`${i.id} ${i.severity.name}/${i.confidence.name} at ${at}: ${i.description}`);
}
console.log(
  `ELECTRONEGATIVITY electron=${electron} findings=${failures} justified=${justified} below-medium=${result.issues.filter((i) => i.severity.value < MEDIUM).length}`,
);
process.exit(failures ? 1 : 0);
