import type { CommandModule } from 'yargs';

interface Args {
  dir: string;
  out?: string;
  force?: boolean;
}

export const command: CommandModule<object, Args> = {
  command: 'report <dir>',
  describe: 'write a self-contained report.html for a run (or reproduce) directory',
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'run directory (summary.json) or reproduce output directory' })
      .option('out', { type: 'string', describe: 'output file (default <dir>/report.html)' })
      .option('force', { type: 'boolean', default: false, describe: 'replace a file vpsim did not write (it is kept as .orig)' }),
  handler: async (args) => {
    const { writeReport } = await import('../report/html.js');
    if (args.out !== undefined && args.out.trim() === '') {
      const { InputError } = await import('../util/errors.js');
      throw new InputError('--out', '', 'an output file name', 'an empty name');
    }
    const path = await writeReport(args.dir, args.out, { force: args.force });
    process.stdout.write(`wrote ${path}\n`);
  },
};
