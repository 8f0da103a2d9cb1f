// `vpsim ledger verify <DIR or ledger.jsonl>`: recomputes every transaction hash, Merkle root,
// block hash, parent link and proposer signature; exit 3 naming the first bad block.
import type { CommandModule } from 'yargs';

interface Args {
  path?: string;
  json?: boolean;
}

const verify: CommandModule<object, Args> = {
  command: 'verify <path>',
  describe: 'verify a run directory or a ledger.jsonl file (exit 3 if altered)',
  builder: (y) =>
    y
      .positional('path', { type: 'string', demandOption: true, describe: 'run directory (with ledger.jsonl) or a ledger.jsonl file' })
      .option('json', { type: 'boolean', default: false, describe: 'print the result as JSON' }),
  handler: async (args) => {
    const { createReadStream, existsSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { InputError, IntegrityError } = await import('../util/errors.js');
    const { LedgerVerifier } = await import('../ledger/verify.js');
    const given = args.path!;
    if (!existsSync(given)) throw new InputError(given, '', 'a run directory or a ledger.jsonl file', 'no such file or directory');
    const file = statSync(given).isDirectory() ? join(given, 'ledger.jsonl') : given;
    if (!existsSync(file)) throw new InputError(file, '', 'a ledger.jsonl file (the run wrote no ledger?)', 'no such file');
    const v = new LedgerVerifier();
    // Split on \n only (a stray \r stays in its line and fails the canonical-form check); the file
    // may end with one newline.
    let rest = '';
    let bad = false;
    for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
      if (bad) break;
      const parts = (rest + (chunk as string)).split('\n');
      rest = parts.pop()!;
      for (const line of parts) if (!v.push(line)) {
        bad = true;
        break;
      }
    }
    if (!bad && rest !== '') v.push(rest);
    const r = v.result();
    if (args.json) process.stdout.write(JSON.stringify({ file, ...r }) + '\n');
    if (!r.ok) throw new IntegrityError(`${file}: block ${r.firstBadHeight} (line ${r.firstBadLine}) is invalid: ${r.reason}`);
    if (!args.json) process.stdout.write(`${file}: ok, ${r.blocks} blocks, ${r.transactions} transactions, head ${r.headHash}\n`);
  },
};

export const command: CommandModule<object, object> & { subcommands: string[] } = {
  command: 'ledger <action>',
  describe: 'ledger tools (verify)',
  builder: (y) => y.command(verify).demandCommand(1, 'name an action: verify'),
  handler: () => {},
  /** For the "unknown subcommand" message of src/cli/main.ts. */
  subcommands: ['verify'],
};
