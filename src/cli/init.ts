import type { CommandModule } from 'yargs';

interface Args {
  model: string;
  file?: string;
  name?: string;
}

export const command: CommandModule<object, Args> = {
  command: 'init <model> [file]',
  describe: 'write a commented starter scenario for a model (never overwrites a file)',
  builder: (y) =>
    y
      .positional('model', { type: 'string', demandOption: true, describe: 'model name (see vpsim schema)' })
      .positional('file', { type: 'string', describe: 'file to write (default <model>.yaml)' })
      .option('name', { type: 'string', describe: 'scenario name (default my-<model>)' }),
  handler: async (args) => {
    const { writeFileSync } = await import('node:fs');
    const { dirname, join, relative, resolve } = await import('node:path');
    const { models, loadScenario } = await import('../models/registry.js');
    const { STARTERS } = await import('../models/starters.js');
    const { PACKAGE_ROOT } = await import('../reproduce/reproduce.js');
    const { starterYaml } = await import('../scenarios/starter.js');
    const { InputError } = await import('../util/errors.js');
    const { didYouMean } = await import('../util/suggest.js');
    const known = Object.keys(models).sort();
    if (!models[args.model]) throw new InputError('init', 'model', `one of ${known.join(', ')}`, JSON.stringify(args.model) + didYouMean(args.model, known));
    const from = STARTERS[args.model];
    if (!from) throw new InputError('init', 'model', `a model with a starter scenario in src/models/starters.ts (${Object.keys(STARTERS).join(', ')})`, JSON.stringify(args.model));
    const file = args.file ?? `${args.model}.yaml`;
    const loaded = await loadScenario(join(PACKAGE_ROOT, from));
    const resolved: Record<string, unknown> = { ...(loaded.scenario as Record<string, unknown>), name: args.name ?? `my-${args.model}` };
    delete resolved.description;
    const schemaRel = relative(dirname(resolve(file)), join(PACKAGE_ROOT, 'schemas', `${args.model}.schema.json`)).split('\\').join('/');
    const text = starterYaml(args.model, loaded.model.description, loaded.model.schema, resolved, schemaRel, from);
    try {
      writeFileSync(file, text, { flag: 'wx' });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new InputError(file, '', 'a new file (vpsim init never overwrites)', 'an existing file');
      throw new InputError(file, '', 'a writable path', String(code));
    }
    process.stdout.write(`wrote ${file} (model ${args.model}, from ${from}); run it with: vpsim run ${file}\n`);
  },
};
