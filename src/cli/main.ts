// Entry point: parses arguments, runs one command, maps errors to exit codes.
import { resolve as resolvePath } from 'node:path';
import yargs from 'yargs';
import { commands } from './commands.js';
import { setInvocation } from '../output/provenance.js';
import * as envErrors from '../util/env-error.js';
import { wrapHelp } from './wrap-help.js';
import { didYouMean } from '../util/suggest.js';
import { VERSION } from '../version.js';

/** A usage mistake: exit code 2 with a pointer to --help. */
function usageError(message: string): Error {
  return Object.assign(new Error(message), { exitCode: 2, usage: true });
}

/** Command names (first word of each command string) and their subcommand names, if any. */
function commandNames(): { names: string[]; sub: Record<string, string[]> } {
  const names: string[] = [];
  const sub: Record<string, string[]> = {};
  for (const c of commands) {
    const name = String(c.command).split(' ')[0];
    names.push(name);
    const subs = (c as { subcommands?: string[] }).subcommands;
    if (subs) sub[name] = subs;
  }
  return { names, sub };
}

/** Unknown commands and subcommands, caught before yargs so the message names them. */
function checkCommandWords(argv: string[]): void {
  const words = argv.filter((a) => !a.startsWith('-'));
  const first = argv[0];
  if (!first || first.startsWith('-')) return;
  const { names, sub } = commandNames();
  if (!names.includes(first)) throw usageError(`unknown command '${first}'${didYouMean(first, names)}; commands: ${names.join(', ')}`);
  const subs = sub[first];
  if (subs && words.length > 1 && !subs.includes(words[1])) {
    throw usageError(`${first}: unknown subcommand '${words[1]}'${didYouMean(words[1], subs)}; ${first} commands: ${subs.join(', ')} (e.g. vpsim ${first} ${subs[0]} ${words.slice(2).join(' ') || '...'})`);
  }
}

/** "Unknown argument: sed" -> names the flag and the nearest known one. */
function unknownArgumentMessage(msg: string, argv: string[], known: string[]): string {
  const m = /^Unknown arguments?: (.+)$/.exec(msg);
  if (!m) return msg;
  const given = m[1].split(', ');
  const camel = (k: string) => k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const parts = given.filter((a) => !given.some((b) => b !== a && camel(b) === a)).map((a) => {
    const asFlag = argv.some((x) => x === `--${a}` || x.startsWith(`--${a}=`) || x === `-${a}`);
    return asFlag ? `unknown option '${a.length === 1 ? '-' : '--'}${a}'${didYouMean(a, known).replace(/'([^']+)'/, (_, k: string) => `'--${k}'`)}` : `unexpected argument '${a}'`;
  });
  return parts.join('; ');
}

/** A reader that stops early (`vpsim schema | head -1`) ends the output quietly, not with a stack. */
function quietOnBrokenPipe(stream: NodeJS.WriteStream): void {
  const s = stream as NodeJS.WriteStream & { __vpsimEpipe?: boolean };
  if (s.__vpsimEpipe) return;
  s.__vpsimEpipe = true;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(`vpsim: cannot write output: ${err.code ?? err.message}\n`);
    process.exit(1);
  });
}

export async function main(argv: string[]): Promise<void> {
  setInvocation(argv);
  quietOnBrokenPipe(process.stdout);
  const width = process.stdout.columns || Number(process.env.COLUMNS) || 80;
  let parser = yargs(argv)
    .scriptName('vpsim')
    .usage('$0 <command> [options]\n\nMulti-agent discrete-event simulator of Virtual Prosumer energy networks.')
    .version(VERSION)
    .alias('v', 'version')
    .alias('h', 'help')
    .strict()
    .demandCommand(1, 'name a command (see --help)')
    .wrap(null)
    .exitProcess(false)
    .option('keys', { type: 'string', global: true, describe: 'keystore file with the signing key material (default: $VPSIM_KEYS, else ~/.config/vpsim/keystore.json; created on first use)' })
    .middleware((a) => {
      // one place: every command, sweep worker and child process sees the same keystore
      if (typeof a.keys === 'string' && a.keys !== '') process.env.VPSIM_KEYS = resolvePath(a.keys);
    })
    .fail((msg, err, y) => {
      if (err) throw err;
      const known = Object.keys((y as unknown as { getDescriptions?: () => Record<string, unknown> })?.getDescriptions?.() ?? {}).filter((k) => k.length > 1 && !/[A-Z]/.test(k));
      throw usageError(unknownArgumentMessage(msg, argv, known));
    });
  for (const c of commands) parser = parser.command(c);
  const wantsHelp = argv.some((a) => a === '--help' || a === '-h');
  const restore = wantsHelp ? captureHelp(width) : () => {};
  try {
    checkCommandWords(argv);
    await parser.parseAsync();
  } catch (err) {
    process.exitCode = reportError(err);
  } finally {
    restore();
  }
}

/** While yargs prints help, collect it and print it wrapped on word boundaries. */
function captureHelp(width: number): () => void {
  const log = console.log;
  const chunks: string[] = [];
  console.log = (...a: unknown[]) => void chunks.push(a.map(String).join(' '));
  return () => {
    console.log = log;
    if (chunks.length > 0) process.stdout.write(wrapHelp(chunks.join('\n'), width) + '\n');
  };
}

/** One line: control characters (a newline inside a found value) shown escaped. */
function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? ' ' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** Prints an error the way a user should see it and returns the exit code. Never a stack trace. */
export function reportError(err: unknown): number {
  const e = err as { exitCode?: number; message?: string; usage?: boolean; stack?: string; problems?: { message: string }[] };
  if (e && typeof e.exitCode === 'number') {
    // several problems (InputErrors): one line each
    const text = Array.isArray(e.problems) && e.problems.length > 0 ? e.problems.map((p) => oneLine(p.message)).join('\nvpsim: ') : oneLine(String(e.message));
    process.stderr.write(`vpsim: ${text}${e.usage ? '\n(see vpsim --help)' : ''}\n`);
    return e.exitCode;
  }
  const mapped = envErrors.envError(err, '') as { exitCode?: number; message?: string };
  if (mapped && typeof mapped.exitCode === 'number') {
    process.stderr.write(`vpsim: ${oneLine(String(mapped.message))}\n`);
    return mapped.exitCode;
  }
  if (e instanceof RangeError && /heap|allocation|Array buffer|typed array/i.test(String(e.message))) {
    process.stderr.write(`vpsim: out of memory: ${oneLine(String(e.message))}\n`);
    return 1;
  }
  if (process.env.VPSIM_DEBUG) process.stderr.write(`${e?.stack ?? String(err)}\n`);
  process.stderr.write(`vpsim: internal error: ${oneLine(String(e?.message ?? err))} (a bug; VPSIM_DEBUG=1 shows where)\n`);
  return 1;
}
