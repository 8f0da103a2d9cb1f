// `vpsim init`: a complete, commented starter scenario. The values are a shipped scenario of the
// model, resolved (extends and defaults filled in), so the starter runs as it is; each field
// carries its description, unit and default from the schema as a comment.
import YAML, { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { z } from 'zod';
import { describeFields } from './schema-doc.js';
import { schemaLine } from './schema-files.js';

export function starterYaml(model: string, description: string, schema: z.ZodType, resolved: Record<string, unknown>, schemaRelPath: string, from: string): string {
  const docs = new Map(describeFields(schema).map((f) => [f.path, f]));
  const doc = new YAML.Document(resolved);
  const note = (path: string): string | undefined => {
    const f = docs.get(path);
    if (!f) return undefined;
    const parts = [f.description, f.default !== undefined && typeof f.default !== 'object' ? `default ${JSON.stringify(f.default)}` : undefined];
    const text = parts.filter(Boolean).join('; ');
    return text ? ` ${text}` : undefined;
  };
  const walk = (node: Node | null | undefined, path: string, depth: number): void => {
    // quote strings another YAML reader could take for a number or a time ("01:00" is 60 in YAML 1.1)
    if (isScalar(node) && typeof node.value === 'string' && /^[-+.\d]/.test(node.value)) node.type = 'QUOTE_DOUBLE';
    if (isMap(node)) {
      for (const item of node.items) {
        if (!isPair(item) || !isScalar(item.key)) continue;
        const p = path ? `${path}.${String(item.key.value)}` : String(item.key.value);
        const c = note(p);
        if (c && depth <= 3) item.key.commentBefore = c;
        if (isScalar(item.value) && typeof item.value.value === 'string' && /^[-+.\d]/.test(item.value.value)) item.value.type = 'QUOTE_DOUBLE';
        walk(item.value as Node, p, depth + 1);
      }
    } else if (isSeq(node)) {
      // one comment per list: on its first item's fields
      node.items.forEach((it, i) => walk(it as Node, `${path}[]`, i === 0 ? depth + 1 : 99));
    }
  };
  walk(doc.contents as Node, '', 0);
  const head = [
    schemaLine(schemaRelPath),
    `# Starter scenario for model ${model}: ${description}.`,
    `# Made by \`vpsim init ${model}\` from ${from} (resolved: every field shown). Run it with`,
    '# `vpsim run FILE`; check edits with `vpsim validate FILE`; field reference: `vpsim schema ' + model + '`.',
  ].join('\n');
  return `${head}\n${doc.toString({ lineWidth: 0, flowCollectionPadding: true })}`;
}
