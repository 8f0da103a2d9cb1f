import type { CommandModule } from 'yargs';

interface Args {
  models?: string[];
  markdown?: boolean;
  json?: boolean;
}

export const command: CommandModule<object, Args> = {
  command: 'schema [models..]',
  describe: 'print the scenario fields of a model (types, defaults, units)',
  builder: (y) =>
    y
      .positional('models', { type: 'string', array: true, describe: 'model names (default: all)' })
      .option('markdown', { type: 'boolean', default: false, describe: 'print a Markdown field reference' })
      .option('json', { type: 'boolean', default: false, describe: 'print the JSON Schema' }),
  handler: async (args) => {
    const { models } = await import('../models/registry.js');
    const { describeFields, fieldsMarkdown } = await import('../scenarios/schema-doc.js');
    const { InputError } = await import('../util/errors.js');
    const { z } = await import('zod');
    const names = args.models?.length ? args.models : Object.keys(models).sort();
    for (const n of names) if (!models[n]) throw new InputError('schema', 'models', `one of ${Object.keys(models).sort().join(', ')}`, JSON.stringify(n));
    for (const n of names) {
      const m = await models[n]();
      if (args.json) {
        process.stdout.write(JSON.stringify(z.toJSONSchema(m.schema, { io: 'input', unrepresentable: 'any' }), null, 2) + '\n');
      } else if (args.markdown) {
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
