import type { CommandModule } from 'yargs';

interface Args {
  sweep: string;
  workers?: number;
  shard?: string;
  out?: string;
  resume?: boolean;
  quiet?: boolean;
  dryRun?: boolean;
  allowFailures?: boolean;
  force?: boolean;
}

export const command: CommandModule<object, Args> = {
  command: 'sweep <sweep>',
  describe: 'run a parameter sweep in parallel, optionally one shard of it',
  builder: (y) =>
    y
      .positional('sweep', { type: 'string', demandOption: true, describe: 'sweep file (YAML or JSON), see docs/sweeps.md' })
      .option('workers', { type: 'number', describe: 'runs at a time (default: number of cores); with 2 or more the main thread is one of them; 0 = all in the main thread' })
      .option('shard', { type: 'string', describe: 'run shard I of N (I/N, 1-based); N alone takes I from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX' })
      .option('out', { type: 'string', describe: 'output directory (default out/sweeps/<name>[-shard-I-of-N])' })
      .option('resume', { type: 'boolean', default: false, describe: 'continue a sweep in --out, skipping runs already complete' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress output' })
      .option('force', { type: 'boolean', default: false, describe: 'write into a directory that is not an earlier output of this sweep, or replace one (only files vpsim wrote are removed)' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'check the sweep file and every design point (all the checks run makes) and list the runs without running them' })
      .option('allow-failures', { type: 'boolean', default: false, describe: 'exit 0 even when some runs failed (their status and error are in results.csv)' }),
  handler: async (args) => {
    const { runSweep } = await import('../sweep/run.js');
    const { parseShard } = await import('../sweep/shard.js');
    const shard = args.shard === undefined ? undefined : parseShard(args.shard, process.env);
    if (args.dryRun) {
      const { planSweep, shardRuns, checkDesignPoints } = await import('../sweep/plan.js');
      const { InputErrors } = await import('../util/errors.js');
      const plan = await planSweep(args.sweep);
      const problems = await checkDesignPoints(plan);
      if (problems.length === 1) throw problems[0];
      if (problems.length > 1) throw new InputErrors(problems);
      const runs = shardRuns(plan.runs, shard);
      const lines = runs.slice(0, 20).map((r) => `  ${r.runId}  replicate ${r.replicate}  seed ${r.seed}  ${JSON.stringify(r.params)}`);
      if (runs.length > 20) lines.push(`  ... and ${runs.length - 20} more`);
      const where = shard ? ` in shard ${shard.index}/${shard.count}` : '';
      process.stdout.write(`sweep ${plan.name}: ${runs.length} runs${where} (design ${plan.design}, ${plan.runs.length / plan.replicates} points x ${plan.replicates} replicates, model ${plan.model})\n${lines.join('\n')}\n`);
      return;
    }
    const res = await runSweep(args.sweep, { workers: args.workers, shard, out: args.out, resume: args.resume, quiet: args.quiet, force: args.force });
    const parts = [`${res.ok} ok`, `${res.failed} failed`];
    if (res.errors) parts.push(`${res.errors} crashed`);
    if (res.skipped) parts.push(`${res.skipped} already complete`);
    const where = shard ? ` shard ${shard.index}/${shard.count}` : '';
    process.stdout.write(`sweep ${res.plan.name}${where}: ${res.total} runs (${parts.join(', ')}) in ${(res.wallMs / 1000).toFixed(1)} s -> ${res.dir}/results.csv\n`);
    // Crashed runs are a bug or a resource limit, not data: fail so CI notices; --resume retries them.
    if (res.errors > 0) {
      process.stderr.write(`vpsim: ${res.errors} run(s) crashed; see the error column of ${res.dir}/results.csv (rerun with --resume to retry them)\n`);
      process.exitCode = 1;
    } else if (res.failed > 0 && !args.allowFailures) {
      // A failed run is a hole in the design: say so, unless the user accepts holes.
      process.stderr.write(`vpsim: ${res.failed} of ${res.total} run(s) failed; see the status and error columns of ${res.dir}/results.csv (--allow-failures to exit 0 anyway)\n`);
      process.exitCode = 1;
    }
  },
};
