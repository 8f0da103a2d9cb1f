// `vpsim ledger verify <DIR or ledger.jsonl> [--trust FILE]`: recomputes every transaction hash,
// Merkle root, block hash, parent link and proposer signature; for a run directory also checks the
// chain and events.jsonl against the run's signed anchor, and with --trust against an anchor or
// public keys the verifier holds. Exit 3 naming the first bad file and line.
import type { CommandModule } from 'yargs';

interface Args {
  path?: string;
  json?: boolean;
  trust?: string;
}

const verify: CommandModule<object, Args> = {
  command: 'verify <path>',
  describe: 'verify a run directory (ledger, events and anchor) or a ledger.jsonl file (exit 3 if altered)',
  builder: (y) =>
    y
      .positional('path', { type: 'string', demandOption: true, describe: 'run directory or a ledger.jsonl file' })
      .option('trust', { type: 'string', describe: 'an anchor you hold (a copy of summary.json, or its anchor) or public keys (vpsim keys public) to check against' })
      .option('json', { type: 'boolean', default: false, describe: 'print the result as JSON' }),
  handler: async (args) => {
    const { existsSync } = await import('node:fs');
    const { InputError, IntegrityError } = await import('../util/errors.js');
    const { readTrust, verifyRecords } = await import('../kpi/verify-records.js');
    const given = args.path!;
    if (!existsSync(given)) throw new InputError(given, '', 'a run directory or a ledger.jsonl file', 'no such file or directory');
    const trust = args.trust ? readTrust(args.trust) : undefined;
    const r = verifyRecords(given, trust);
    if (args.json) process.stdout.write(JSON.stringify({ path: given, ...r }) + '\n');
    if (!r.ok) throw new IntegrityError(`${r.file}${r.line !== null ? `: line ${r.line}` : ''}: ${r.reason}`);
    if (!args.json) {
      const what = r.anchored || r.trusted ? `, events.jsonl bound (${r.eventLines} lines), anchor ${r.trusted ? 'trusted' : 'self-consistent (use --trust to check it against one you hold)'}` : ' (chain only: no run anchor checked)';
      process.stdout.write(`${given}: ok, ${r.blocks} blocks, ${r.transactions} transactions, head ${r.headHash}${what}\n`);
    }
  },
};

const publicKey: CommandModule<object, { json?: boolean }> = {
  command: 'public',
  describe: 'print the public anchor key of the keystore (give it to a verifier: vpsim ledger verify DIR --trust FILE)',
  builder: (y) => y.option('json', { type: 'boolean', default: false, describe: 'print {"publicKeys": [...]} (a trust file)' }),
  handler: async (args) => {
    const ks = await import('../ledger/keystore.js');
    const store = ks.useKeystore();
    const pub = ks.anchorKey().publicKeyHex;
    if (store.created) process.stderr.write(`vpsim: created keystore ${store.path}\n`);
    process.stdout.write(args.json ? JSON.stringify({ publicKeys: [pub], fingerprint: ks.keystoreFingerprint() }) + '\n' : `${pub}\n`);
  },
};

export const command: CommandModule<object, object> & { subcommands: string[]; subcommandUsage: string[] } = {
  command: 'ledger <action>',
  describe: 'ledger tools (verify)',
  builder: (y) => y.command(verify).demandCommand(1, 'name an action: verify'),
  handler: () => {},
  /** For the "unknown subcommand" message of src/cli/main.ts. */
  subcommands: ['verify'],
  subcommandUsage: [String(verify.command)],
};

export const keysCommand: CommandModule<object, object> & { subcommands: string[]; subcommandUsage: string[] } = {
  command: 'keys <action>',
  describe: 'keystore tools (public: the public key a verifier trusts)',
  builder: (y) => y.command(publicKey).demandCommand(1, 'name an action: public'),
  handler: () => {},
  subcommands: ['public'],
  subcommandUsage: [String(publicKey.command)],
};
