import type { CommandModule } from 'yargs';

interface Args {
  dirs: string[];
  out: string;
  allowIncomplete?: boolean;
  force?: boolean;
}

export const command: CommandModule<object, Args> = {
  command: 'merge <dirs..>',
  describe: 'merge shard outputs of one sweep and report missing runs',
  builder: (y) =>
    y
      .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'sweep output directories (shards)' })
      .option('out', { type: 'string', demandOption: true, describe: 'merged output directory' })
      .option('force', { type: 'boolean', default: false, describe: 'write into a directory that is not an earlier sweep output (files vpsim did not write are kept)' })
      .option('allow-incomplete', { type: 'boolean', default: false, describe: 'exit 0 even when runs are missing or crashed' }),
  handler: async (args) => {
    const { mergeSweeps } = await import('../sweep/merge.js');
    const res = await mergeSweeps(args.dirs, args.out, (m) => process.stderr.write(`vpsim merge: ${m}\n`), { force: args.force });
    const extra = [res.failed ? `${res.failed} failed` : '', res.errors ? `${res.errors} crashed` : ''].filter(Boolean).join(', ');
    process.stdout.write(`merged ${res.present}/${res.total} runs of sweep ${res.manifest.name} from ${args.dirs.length} dir(s)${extra ? ` (${extra})` : ''} -> ${res.out}/results.csv\n`);
    const incomplete = [
      ...res.missing.map((r) => ({ r, why: 'missing' })),
      ...res.crashed.map((c) => ({ r: c.run, why: `crashed: ${c.error}` })),
    ].sort((a, b) => a.r.index - b.r.index);
    if (incomplete.length === 0) return;
    const shown = incomplete.slice(0, 50);
    const lines = shown.map(({ r, why }) => `  ${r.runId}  index ${r.index}  replicate ${r.replicate}  ${JSON.stringify(r.params)}  ${why}`);
    if (incomplete.length > shown.length) lines.push(`  ... and ${incomplete.length - shown.length} more`);
    const parts = [res.missing.length ? `${res.missing.length} missing` : '', res.crashed.length ? `${res.crashed.length} crashed` : ''].filter(Boolean).join(', ');
    process.stderr.write(`vpsim merge: ${incomplete.length} of ${res.total} runs incomplete (${parts}):\n${lines.join('\n')}\n`);
    if (!args.allowIncomplete) process.exitCode = 2;
  },
};
