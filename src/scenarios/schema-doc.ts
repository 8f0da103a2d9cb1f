// Field reference for a model's scenario schema, generated from its zod schema (descriptions carry
// units), so the docs cannot drift from what the loader accepts.
import { z } from 'zod';

export interface FieldDoc {
  path: string;
  type: string;
  required: boolean;
  default?: unknown;
  description?: string;
}

type Json = Record<string, any>;

export function describeFields(schema: z.ZodType): FieldDoc[] {
  const js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  const out: FieldDoc[] = [];
  walk(js, '', true, out, js);
  return out;
}

function walk(node: Json, path: string, required: boolean, out: FieldDoc[], root: Json, emitSelf = true): void {
  node = resolveRef(node, root);
  if (path && emitSelf) {
    out.push({ path, type: typeName(node, root), required, default: node.default, description: node.description });
  }
  if (node.type === 'object' && node.properties) {
    const req = new Set<string>(node.required ?? []);
    for (const [k, v] of Object.entries<Json>(node.properties)) {
      walk(v, path ? `${path}.${k}` : k, req.has(k) && resolveRef(v, root).default === undefined, out, root);
    }
  } else if (node.type === 'array' && node.items) {
    // list items' fields are documented as `list[].field`; the list itself has its own row
    walk(node.items, `${path}[]`, true, out, root, false);
  }
}

function resolveRef(node: Json, root: Json): Json {
  if (node && typeof node.$ref === 'string' && node.$ref.startsWith('#/')) {
    let n: any = root;
    for (const part of node.$ref.slice(2).split('/')) n = n?.[part];
    return { ...n, ...node, $ref: undefined };
  }
  return node;
}

function typeName(node: Json, root: Json): string {
  if (node.const !== undefined) return JSON.stringify(node.const);
  if (node.enum) return node.enum.map((e: unknown) => JSON.stringify(e)).join(' | ');
  if (node.anyOf || node.oneOf) return (node.anyOf ?? node.oneOf).map((n: Json) => typeName(resolveRef(n, root), root)).join(' | ');
  if (node.type === 'array') return `list of ${node.items ? typeName(resolveRef(node.items, root), root) : 'any'}`;
  if (node.type === 'integer') return 'integer' + range(node);
  if (node.type === 'number') return 'number' + range(node);
  return node.type ?? 'any';
}

function range(n: Json): string {
  const lo = n.exclusiveMinimum !== undefined ? `> ${n.exclusiveMinimum}` : n.minimum !== undefined ? `>= ${n.minimum}` : '';
  const hi = n.exclusiveMaximum !== undefined ? `< ${n.exclusiveMaximum}` : n.maximum !== undefined ? `<= ${n.maximum}` : '';
  const parts = [lo, hi].filter((s) => s && !/e\+?(15|16|300|308)/.test(s) && !s.includes('9007199254740991'));
  return parts.length ? ` (${parts.join(', ')})` : '';
}

export function fieldsMarkdown(model: string, description: string, fields: FieldDoc[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  let md = `## \`${model}\`: ${description}\n\n| field | type | default | description |\n|---|---|---|---|\n`;
  for (const f of fields) {
    const def = f.default === undefined ? (f.required ? '(required)' : '') : f.default !== null && typeof f.default === 'object' ? '(see fields)' : JSON.stringify(f.default);
    md += `| \`${f.path}\` | ${esc(f.type)} | ${esc(def)} | ${esc(f.description ?? '')} |\n`;
  }
  return md;
}
