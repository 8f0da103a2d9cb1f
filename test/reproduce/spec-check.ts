// Walks a Vega-Lite spec: collects quantitative encodings' titles and any data that is not inline.
export function quantTitles(spec: unknown): string[] {
  const out: string[] = [];
  walk(spec, (o) => {
    const enc = o.encoding as Record<string, Record<string, unknown>> | undefined;
    if (!enc) return;
    for (const [ch, e] of Object.entries(enc)) {
      if (['x', 'y'].includes(ch) && e && e.type === 'quantitative') out.push(String(e.title ?? `<untitled ${String(e.field)}>`));
    }
  });
  return out;
}

export function nonInlineData(spec: unknown): unknown[] {
  const out: unknown[] = [];
  walk(spec, (o) => {
    const d = o.data as Record<string, unknown> | undefined;
    if (d && !Array.isArray(d.values)) out.push(d);
  });
  return out;
}

/** Inline data rows anywhere in the spec. */
export function dataRows(spec: unknown): number {
  let n = 0;
  walk(spec, (o) => {
    const d = o.data as { values?: unknown[] } | undefined;
    if (d && Array.isArray(d.values)) n += d.values.length;
  });
  return n;
}

function walk(x: unknown, f: (o: Record<string, unknown>) => void): void {
  if (Array.isArray(x)) x.forEach((y) => walk(y, f));
  else if (x && typeof x === 'object') {
    f(x as Record<string, unknown>);
    for (const [k, v] of Object.entries(x)) if (k !== 'values') walk(v, f);
  }
}
