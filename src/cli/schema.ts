import type { CommandModule } from 'yargs';

interface Args {
  models?: string[];
  markdown?: boolean;
  json?: boolean;
}

export const command: CommandModule<object, Args> = {
  command: 'schema [models..]',
  describe: "print the scenario fields of a model (types, defaults, units), or its JSON Schema; 'sweep' names the sweep-file schema",
  builder: (y) =>
    y
      .positional('models', { type: 'string', array: true, describe: "model names, or 'sweep' (default: all models)" })
      .option('markdown', { type: 'boolean', default: false, describe: 'print a Markdown field reference' })
      .option('json', { type: 'boolean', default: false, describe: 'print the JSON Schema (2020-12) editors use; several names give one object keyed by name' }),
  handler: async (args) => {
    const { models } = await import('../models/registry.js');
    const { describeFields, fieldsMarkdown } = await import('../scenarios/schema-doc.js');
    const { scenarioJsonSchema, sweepJsonSchema } = await import('../scenarios/json-schema.js');
    const { sweepSchema } = await import('../sweep/schema.js');
    const { InputError } = await import('../util/errors.js');
    const { didYouMean } = await import('../util/suggest.js');
    const known = [...Object.keys(models).sort(), 'sweep'];
    const names = args.models?.length ? args.models : Object.keys(models).sort();
    for (const n of names) if (!known.includes(n)) throw new InputError('schema', 'models', `one of ${known.join(', ')}`, JSON.stringify(n) + didYouMean(n, known));
    if (args.json) {
      const docs: Record<string, unknown> = {};
      for (const n of names) {
        if (n === 'sweep') docs[n] = sweepJsonSchema(sweepSchema);
        else {
          const m = await models[n]();
          docs[n] = scenarioJsonSchema(n, m.description, m.schema);
        }
      }
      process.stdout.write(JSON.stringify(names.length === 1 ? docs[names[0]] : docs, null, 2) + '\n');
      return;
    }
    for (const n of names) {
      const m = n === 'sweep' ? { description: 'sweep file (docs/sweeps.md)', schema: sweepSchema } : await models[n]();
      if (args.markdown) {
        process.stdout.write(fieldsMarkdown(n, m.description, describeFields(m.schema)) + '\n');
      } else {
        process.stdout.write(`${n}: ${m.description}\n`);
        for (const f of describeFields(m.schema)) {
          const def = f.default === undefined ? (f.required ? ' (required)' : '') : typeof f.default === 'object' ? '' : ` = ${JSON.stringify(f.default)}`;
          process.stdout.write(`  ${f.path}: ${f.type}${def}${f.description ? `  # ${f.description}` : ''}\n`);
        }
      }
    }
  },
};
