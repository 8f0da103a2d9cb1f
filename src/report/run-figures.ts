// Figures that apply to one run directory (the reproduce registry's single-run items), added
// beside the model's own and rendered to SVG: the post-step of `vpsim run --svg` and `vpsim report`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../output/atomic.js';
import { renderRunFigures } from '../output/svg.js';

/**
 * Post-step for `vpsim run --svg` (and `vpsim report`): adds the registry's single-run figures that
 * apply to this run's records (e.g. `mm1-queue` for a run with queue.csv) as figures/<id>.vl.json
 * without replacing a model's own figure of that name, then renders every figure to SVG.
 */
export async function addRunFigures(dir: string, opts: { svg?: boolean; scenario?: Record<string, unknown> } = {}): Promise<string[]> {
  const { loadRunDir } = await import('../reproduce/records.js');
  const { ITEMS } = await import('../reproduce/registry.js');
  const rec = loadRunDir(dir);
  rec.scenario ??= opts.scenario;
  const written: string[] = [];
  for (const it of ITEMS) {
    if (!it.figure || !it.appliesTo || it.runs.length !== 1 || !it.appliesTo(rec)) continue;
    const path = join(dir, 'figures', `${it.id}.vl.json`);
    if (existsSync(path)) continue;
    try {
      writeFileAtomic(path, JSON.stringify(it.figure({ [it.runs[0]]: rec }), null, 2) + '\n');
      written.push(path);
    } catch (err) {
      if ((err as Error).name !== 'MissingData') throw err;
    }
  }
  if (opts.svg !== false) written.push(...(await renderRunFigures(dir)));
  return written;
}
