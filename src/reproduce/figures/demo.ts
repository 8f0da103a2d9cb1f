// The kernel demo's figure: M/M/1 queue length over time against the queueing-theory mean.
import { at, column, hasTable, num, run, table } from '../records.js';
import type { Measure, ReproItem } from '../types.js';
import { HEIGHT, WIDTH, q, round6, spec, thin } from '../vl.js';

export const demoItems: ReproItem[] = [
  {
    id: 'mm1-queue',
    kind: 'figure',
    family: 'demo',
    paperRef: 'kernel demo (M/M/1 theory)',
    title: 'M/M/1 queue length over time',
    runs: ['mm1'],
    appliesTo: (rec) => hasTable(rec, 'queue', ['t_s', 'queue_length']),
    figure(runs) {
      const rec = run(runs, 'mm1');
      const rows = table(rec, 'queue');
      const t = column(rows, 'time', 't_s');
      const ql = column(rows, 'queue length', 'queue_length');
      const values = round6(thin(rows).map((r) => ({ t_h: (r[t] as number) / 3600, queue_length: r[ql] })));
      const rho = at(rec.summary.metrics, 'theory.rho');
      const x = q('t_h', 'simulated time (h)');
      const y = q('queue_length', 'customers waiting (count)');
      const legend = { scale: { range: ['#9ecae9', '#08519c', '#e45756'] }, title: null, legend: { orient: 'top', direction: 'horizontal' } };
      const dtH = values.length > 1 ? (values[1].t_h as number) - (values[0].t_h as number) : 1;
      const half = Math.max(1, Math.round(0.5 / dtH));
      const layers: unknown[] = [
        { mark: { type: 'line', interpolate: 'step-after', strokeWidth: 0.8 }, encoding: { x, y, color: { datum: 'sampled', ...legend } } },
        {
          transform: [{ window: [{ op: 'mean', field: 'queue_length', as: 'rolling' }], frame: [-half, half] }],
          mark: { type: 'line', strokeWidth: 2 },
          encoding: { x, y: q('rolling', 'customers waiting (count)'), color: { datum: 'rolling mean (1 h)', ...legend } },
        },
      ];
      let subtitle = `seed ${rec.summary.seed ?? '?'}; ${values.length} samples`;
      if (typeof rho === 'number' && rho < 1) {
        const lq = (rho * rho) / (1 - rho);
        subtitle += `; theory Lq = rho^2/(1-rho) = ${lq.toFixed(2)}`;
        layers.push({
          data: { values: [{ lq }] },
          mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 2 },
          encoding: { y: q('lq', 'customers waiting (count)'), color: { datum: 'theory mean', ...legend } },
        });
      }
      return spec('M/M/1 queue length', subtitle, values, { width: WIDTH, height: HEIGHT, layer: layers });
    },
  },
];

export const demoMeasures: Record<string, Measure> = {
  'mm1.meanWait': (runs) => num(run(runs, 'mm1'), 'metrics.meanWaitS'),
};
