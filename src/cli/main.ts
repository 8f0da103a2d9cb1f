// Entry point: parses arguments, runs one command, maps errors to exit codes.
import yargs from 'yargs';
import { commands } from './commands.js';
import { VERSION } from '../version.js';

export async function main(argv: string[]): Promise<void> {
  let parser = yargs(argv)
    .scriptName('vpsim')
    .usage('$0 <command> [options]\n\nMulti-agent discrete-event simulator of Virtual Prosumer energy networks.')
    .version(VERSION)
    .strict()
    .demandCommand(1, 'name a command (see --help)')
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      if (err) throw err;
      throw Object.assign(new Error(msg), { exitCode: 2, usage: true });
    });
  for (const c of commands) parser = parser.command(c);
  try {
    await parser.parseAsync();
  } catch (err) {
    process.exitCode = reportError(err);
  }
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
