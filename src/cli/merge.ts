import type { CommandModule } from 'yargs';

interface Args {
  dirs: string[];
  out: string;
  allowIncomplete?: boolean;
}

export const command: CommandModule<object, Args> = {
  command: 'merge <dirs..>',
  describe: 'merge shard outputs of one sweep and report missing runs',
  builder: (y) =>
    y
      .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'sweep output directories (shards)' })
      .option('out', { type: 'string', demandOption: true, describe: 'merged output directory' })
      .option('allow-incomplete', { type: 'boolean', default: false, describe: 'exit 0 even when runs are missing' }),
  handler: async (args) => {
    const { mergeSweeps } = await import('../sweep/merge.js');
    const res = await mergeSweeps(args.dirs, args.out, (m) => process.stderr.write(`vpsim merge: ${m}\n`));
    const extra = [res.failed ? `${res.failed} failed` : '', res.errors ? `${res.errors} crashed` : ''].filter(Boolean).join(', ');
    process.stdout.write(`merged ${res.present}/${res.total} runs of sweep ${res.manifest.name} from ${args.dirs.length} dir(s)${extra ? ` (${extra})` : ''} -> ${res.out}/results.csv\n`);
    if (res.missing.length === 0) return;
    const shown = res.missing.slice(0, 50);
    const lines = shown.map((r) => `  ${r.runId}  index ${r.index}  replicate ${r.replicate}  ${JSON.stringify(r.params)}`);
    if (res.missing.length > shown.length) lines.push(`  ... and ${res.missing.length - shown.length} more`);
    process.stderr.write(`vpsim merge: ${res.missing.length} of ${res.total} runs missing:\n${lines.join('\n')}\n`);
    if (!args.allowIncomplete) process.exitCode = 2;
  },
};
