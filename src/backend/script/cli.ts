// `castmatch analyze-script FILE.pdf [--json] [--full] [--password PW]`
import { toCliJson } from '../../shared/script.ts';
import { isScriptError } from './errors.ts';
import { analyzeScriptFile } from './index.ts';

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

// `castmatch analyze-script x.pdf --json | head` closes the pipe early: that is not an error.
const ignoreEpipe = (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
};

function defaultIo(): CliIo {
  if (!process.stdout.listeners('error').includes(ignoreEpipe)) process.stdout.on('error', ignoreEpipe);
  return { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };
}

const USAGE = 'Usage: castmatch analyze-script FILE.pdf [--json] [--full] [--password PASSWORD]';

/** Runs the command; returns the exit code (0 ok, 1 analysis failed, 2 usage). Accepts argv with or without the command name. */
export async function runAnalyzeScriptCli(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  const args = argv[0] === 'analyze-script' ? argv.slice(1) : argv.slice();
  let json = false;
  let full = false;
  let password: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--json') json = true;
    else if (a === '--full') full = true;
    else if (a === '--password') {
      password = args[++i];
      if (password === undefined) {
        io.err(`--password needs a value\n${USAGE}\n`);
        return 2;
      }
    } else if (a === '-h' || a === '--help') {
      io.out(`${USAGE}\n`);
      return 0;
    } else if (a.startsWith('-')) {
      io.err(`Unknown option ${a}\n${USAGE}\n`);
      return 2;
    } else files.push(a);
  }
  if (files.length !== 1) {
    io.err(`${USAGE}\n`);
    return 2;
  }
  const ac = new AbortController();
  const onSig = () => ac.abort();
  process.once('SIGINT', onSig);
  try {
    const { analysis } = await analyzeScriptFile(files[0]!, { password, signal: ac.signal });
    if (json) {
      io.out(`${JSON.stringify(full ? analysis : toCliJson(analysis))}\n`);
    } else {
      io.out(
        `${analysis.title} — ${analysis.pages} pages, ${analysis.scenes.filter((s) => s.index > 0).length} scenes, ${analysis.characters.length} speaking characters\n`,
      );
      for (const c of analysis.characters) {
        io.out(
          `  ${c.name.padEnd(24)} ${String(c.speeches).padStart(4)} speeches ${String(c.words).padStart(6)} words  ${c.scenes.length} scenes  from p.${c.firstPage}\n`,
        );
      }
      for (const w of analysis.warnings) io.out(`Warning: ${w}\n`);
    }
    return 0;
  } catch (e) {
    if (isScriptError(e)) {
      if (json) io.out(`${JSON.stringify({ error: { code: e.code, message: e.message } })}\n`);
      io.err(`${e.code}: ${e.message}\n`);
    } else io.err(`INTERNAL: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSig);
  }
}
