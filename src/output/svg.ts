// Headless rendering of Vega-Lite specs to SVG with vega (no browser, no canvas). vega and
// vega-lite are imported on first use so command modules that import this file stay light.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic.js';

type VegaLib = typeof import('vega');
type VegaLiteLib = typeof import('vega-lite');
let libs: Promise<[VegaLib, VegaLiteLib]> | undefined;

function load(): Promise<[VegaLib, VegaLiteLib]> {
  libs ??= Promise.all([import('vega'), import('vega-lite')]);
  return libs;
}

/** Renders a Vega-Lite spec (data inlined) to an SVG document. Same spec -> same SVG. */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const [vega, vl] = await load();
  const compiled = vl.compile(spec as never).spec;
  // Every figure carries its data inline, so rendering reads no files and no network.
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return svg.endsWith('\n') ? svg : svg + '\n';
  } finally {
    view.finalize();
  }
}

/**
 * Renders every `figures/*.vl.json` of a run directory to `figures/*.svg` (atomic writes).
 * This is the post-step behind `vpsim run --svg`. Returns the SVG paths written.
 */
export async function renderRunFigures(dir: string): Promise<string[]> {
  const figDir = join(dir, 'figures');
  if (!existsSync(figDir)) return [];
  const written: string[] = [];
  for (const f of readdirSync(figDir).sort()) {
    if (!f.endsWith('.vl.json')) continue;
    const spec = JSON.parse(readFileSync(join(figDir, f), 'utf8')) as Record<string, unknown>;
    const out = join(figDir, f.replace(/\.vl\.json$/, '.svg'));
    writeFileAtomic(out, await renderSvg(spec));
    written.push(out);
  }
  return written;
}
