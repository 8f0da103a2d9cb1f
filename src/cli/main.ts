// Entry point: parses arguments, runs one command, maps errors to exit codes.
import { resolve as resolvePath } from 'node:path';
import yargs from 'yargs';
import { commands } from './commands.js';
import { setInvocation } from '../output/provenance.js';
import * as envErrors from '../util/env-error.js';
import { wrapHelp } from './wrap-help.js';
import { didYouMean } from '../util/suggest.js';
import { VERSION } from '../version.js';

/**
 * A usage mistake (exit 2), in the one-line shape of every input error with the command line as
 * the source: `command line: WHERE: expected X (see vpsim CMD --help), found Y`.
 */
function usageError(where: string, expected: string, found: string): Error {
  return Object.assign(new Error(`command line: ${where ? `${where}: ` : ''}expected ${expected}, found ${found}`), { exitCode: 2, usage: true });
}

/** Command names (first word of each command string), their subcommand names and usage strings. */
function commandNames(): { names: string[]; sub: Record<string, string[]>; usage: Record<string, string> } {
  const names: string[] = [];
  const sub: Record<string, string[]> = {};
  const usage: Record<string, string> = {};
  for (const c of commands) {
    const name = String(c.command).split(' ')[0];
    names.push(name);
    usage[name] = String(c.command);
    const x = c as { subcommands?: string[]; subcommandUsage?: string[] };
    if (x.subcommands) sub[name] = x.subcommands;
    for (const u of x.subcommandUsage ?? []) usage[`${name} ${u.split(' ')[0]}`] = `${name} ${u}`;
  }
  return { names, sub, usage };
}

/** The command (and subcommand) the argument list names: its name and usage (`run <scenario>`). */
function invokedCommand(argv: string[]): { name: string; usage: string } | undefined {
  const words = argv.filter((a) => !a.startsWith('-'));
  const { usage } = commandNames();
  const two = words.slice(0, 2).join(' ');
  if (usage[two]) return { name: two, usage: usage[two] };
  return usage[words[0]] ? { name: words[0], usage: usage[words[0]] } : undefined;
}
const helpOf = (cmd?: { name: string }) => `see vpsim ${cmd ? `${cmd.name} ` : ''}--help`;

/** Unknown commands and subcommands, caught before yargs so the message names them. */
function checkCommandWords(argv: string[]): void {
  const words = argv.filter((a) => !a.startsWith('-'));
  const first = argv[0];
  if (!first || first.startsWith('-')) return;
  const { names, sub } = commandNames();
  if (!names.includes(first)) throw usageError(first, `a command (${names.join(', ')}; see vpsim --help)`, `unknown command '${first}'${didYouMean(first, names)}`);
  const subs = sub[first];
  if (subs && words.length > 1 && !subs.includes(words[1])) {
    throw usageError(`${first} ${words[1]}`, `a ${first} command (${subs.join(', ')}; e.g. vpsim ${first} ${subs[0]} ${words.slice(2).join(' ') || '...'})`, `unknown subcommand '${words[1]}'${didYouMean(words[1], subs)}`);
  }
}

/** yargs' message of a usage mistake -> the one-line shape (usageError). */
function usageMessage(msg: string, argv: string[], known: string[]): Error {
  const cmd = invokedCommand(argv);
  const unknown = /^Unknown arguments?: (.+)$/.exec(msg);
  if (unknown) {
    const given = unknown[1].split(', ');
    const camel = (k: string) => k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const shown = given.filter((a) => !given.some((b) => b !== a && camel(b) === a));
    const a = shown[0] ?? given[0];
    const asFlag = argv.some((x) => x === `--${a}` || x.startsWith(`--${a}=`) || x === `-${a}`);
    const more = shown.length > 1 ? ` (and ${shown.slice(1).map((x) => `'${x}'`).join(', ')})` : '';
    if (asFlag) {
      const flag = `${a.length === 1 ? '-' : '--'}${a}`;
      return usageError(flag, `an option of vpsim ${cmd?.name ?? ''} (${helpOf(cmd)})`.replace('vpsim  (', 'vpsim ('), `unknown option '${flag}'${didYouMean(a, known).replace(/'([^']+)'/, (_, k: string) => `'--${k}'`)}${more}`);
    }
    return usageError(a, `only the arguments of vpsim ${cmd?.usage ?? '<command>'} (${helpOf(cmd)})`, `unexpected argument '${a}'${more}`);
  }
  const few = /^Not enough non-option arguments: got (\d+), need at least (\d+)$/.exec(msg);
  if (few && cmd) {
    const required = [...cmd.usage.matchAll(/<([^>]+)>/g)].map((m) => m[1].replace(/\.\.$/, ''));
    const missing = required.slice(Number(few[1]));
    const what = missing.length > 0 ? missing.map((m) => `<${m}>`).join(' ') : 'more arguments';
    return usageError(`vpsim ${cmd.name}`, `${what} (vpsim ${cmd.usage}; ${helpOf(cmd)})`, 'nothing');
  }
  const choice = /^Invalid values?:\s*Argument: ([^,]+), Given: (.+?), Choices: (.+)$/s.exec(msg.trim());
  if (choice) {
    const choices = choice[3].split(', ').map((c) => c.replace(/^"|"$/g, ''));
    const given = choice[2].replace(/^"|"$/g, '');
    return usageError(`--${choice[1]}`, `one of ${choices.join(', ')}`, `${choice[2]}${didYouMean(given, choices)}`);
  }
  const following = /^Not enough arguments following: (.+)$/.exec(msg);
  if (following) return usageError(`--${following[1]}`, `a value after --${following[1]} (${helpOf(cmd)})`, 'nothing');
  const missingOpt = /^Missing required arguments?: (.+)$/.exec(msg);
  if (missingOpt) return usageError(cmd ? `vpsim ${cmd.name}` : '', `the option${missingOpt[1].includes(',') ? 's' : ''} ${missingOpt[1].split(', ').map((o) => `--${o}`).join(', ')} (${helpOf(cmd)})`, 'nothing');
  if (/^name (a command|an action)/.test(msg)) {
    const { names, sub } = commandNames();
    const top = argv.find((a) => !a.startsWith('-'));
    return top && sub[top] ? usageError(`vpsim ${top}`, `a ${top} command (${sub[top].join(', ')})`, 'nothing') : usageError('', `a command (${names.join(', ')}; see vpsim --help)`, 'nothing');
  }
  return usageError(cmd ? `vpsim ${cmd.name}` : '', `valid arguments (${helpOf(cmd)})`, msg.replace(/\s+/g, ' '));
}

/**
 * A string option given last or followed by another option (`run x.yaml --out`): yargs takes it
 * as an empty value; that is a missing value, not "use the default".
 */
function checkOptionValues(argv: string[], stringOptions: string[]): void {
  const strs = new Set(stringOptions);
  argv.forEach((a, i) => {
    if (!a.startsWith('--') || a.includes('=')) return;
    const name = a.slice(2);
    if (!strs.has(name)) return;
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) throw usageError(a, `a value after ${a} (${helpOf(invokedCommand(argv))})`, next === undefined ? 'nothing' : `the option ${next}`);
  });
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
    .middleware(((a: { keys?: unknown }, y: unknown) => {
      checkOptionValues(argv, (y as { getOptions(): { string: string[] } }).getOptions().string);
      // one place: every command, sweep worker and child process sees the same keystore
      if (typeof a.keys === 'string' && a.keys !== '') process.env.VPSIM_KEYS = resolvePath(a.keys);
    }) as never)
    .fail((msg, err, y) => {
      if (err) throw err;
      const known = Object.keys((y as unknown as { getDescriptions?: () => Record<string, unknown> })?.getDescriptions?.() ?? {}).filter((k) => k.length > 1 && !/[A-Z]/.test(k));
      throw usageMessage(msg, argv, known);
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
    process.stderr.write(`vpsim: ${text}\n`);
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
