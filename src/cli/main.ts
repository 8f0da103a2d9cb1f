// Entry point: parses arguments, runs one command, maps errors to exit codes.
import yargs from 'yargs';
import { commands } from './commands.js';
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

export async function main(argv: string[]): Promise<void> {
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

/** Prints an error the way a user should see it and returns the exit code. */
export function reportError(err: unknown): number {
  const e = err as { exitCode?: number; message?: string; usage?: boolean; stack?: string };
  if (e && typeof e.exitCode === 'number') {
    process.stderr.write(`vpsim: ${e.message}${e.usage ? '\n(see vpsim --help)' : ''}\n`);
    return e.exitCode;
  }
  process.stderr.write(`vpsim: internal error: ${e?.stack ?? String(err)}\n`);
  return 1;
}
