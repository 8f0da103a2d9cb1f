// `vpsim powerflow <feeder>`: one power flow on a bundled feeder or a JSON / MATPOWER file.
import type { CommandModule } from 'yargs';

interface Args {
  feeder: string;
  'load-scale': number;
  'add-load'?: string[];
  'slack-vm'?: number;
  branches: boolean;
  json: boolean;
}

export const command: CommandModule<object, Args> = {
  command: 'powerflow <feeder>',
  describe: 'one power flow on a bundled feeder (case33bw, case69, mv40) or a .json / MATPOWER .m file',
  builder: (y) =>
    y
      .positional('feeder', { type: 'string', demandOption: true, describe: 'bundled feeder name or path to a feeder file' })
      .option('load-scale', { type: 'number', default: 1, describe: 'multiply every load by X' })
      .option('add-load', { type: 'string', array: true, describe: 'extra load BUS:P_KW:Q_KVAR (negative P = injection); repeatable' })
      .option('slack-vm', { type: 'number', describe: 'slack voltage, p.u. (default: the feeder\'s, normally 1.0)' })
      .option('branches', { type: 'boolean', default: false, describe: 'also print the branch flows (table output)' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' })
      .example('$0 powerflow case33bw --json', '')
      .example('$0 powerflow mv40 --load-scale 1.2 --add-load 40:300:0 --add-load 25:-500', ''),
  handler: async (args) => {
    const { InputError, describeValue } = await import('../util/errors.js');
    const grid = await import('../grid/index.js');
    const scale = args['load-scale'];
    if (!(Number.isFinite(scale) && scale >= 0)) throw new InputError('powerflow', '--load-scale', 'a number >= 0', describeValue(scale));
    const slackVm = args['slack-vm'];
    if (slackVm !== undefined && !(Number.isFinite(slackVm) && slackVm >= 0.5 && slackVm <= 1.5)) {
      throw new InputError('powerflow', '--slack-vm', 'a slack voltage between 0.5 and 1.5 p.u.', describeValue(slackVm));
    }
    if (scale > 1000) throw new InputError('powerflow', '--load-scale', 'a number between 0 and 1000', describeValue(scale));
    const extra = (args['add-load'] ?? []).map((s) => grid.parseExtraLoad(String(s)));
    const prep = grid.loadPreparedFeeder(args.feeder);
    const loads = grid.addExtraLoads(prep, grid.nominalLoads(prep, scale), extra);
    const solved = grid.solvePowerFlow(prep, { loads, slackVmPu: slackVm });
    // a "converged" result with non-finite numbers is no solution either
    const finite = [solved.pLossKw, solved.qLossKvar, solved.vmin, solved.vmax].every(Number.isFinite);
    const r = solved.converged && !finite ? { ...solved, converged: false, status: 'diverged' as typeof solved.status, message: 'non-finite voltages or losses' } : solved;
    // no solution is a result (printed, converged: false) and exit 2 with the reason
    const noSolution = () => {
      if (!r.converged) throw new InputError(`powerflow ${args.feeder}`, '', 'a load case the power flow can solve', `no solution: ${r.status}${r.message ? `: ${r.message}` : ''}`);
    };
    if (args.json) {
      process.stdout.write(JSON.stringify(toJson(prep, loads, r)) + '\n');
      noSolution();
      return;
    }
    // One write at the end: a reader that stops early (`| head`) then cannot break a later write.
    const lines: string[] = [];
    const out = { write: (s: string) => void lines.push(s) };
    printTable(out, prep, loads, r, scale, args.branches, grid);
    process.stdout.write(lines.join(''));
    noSolution();
  },
};

type Grid = typeof import('../grid/index.js');
type Result = ReturnType<Grid['solvePowerFlow']>;
type Prepared = import('../grid/topology.js').PreparedFeeder;
type Loads = import('../grid/types.js').BusLoads;

function printTable(out: { write(s: string): void }, prep: Prepared, loads: Loads, r: Result, scale: number, branches: boolean, grid: Grid): void {
  out.write(`feeder ${prep.feeder.name} (${prep.n} buses, ${prep.feeder.baseKV} kV), load scale ${scale}\n`);
  out.write(`status ${r.status} in ${r.iterations} iterations (mismatch ${r.mismatchPu.toExponential(1)} p.u.)\n`);
  if (!r.converged) {
    out.write(`no solution: ${r.message}\n`);
    return;
  }
  out.write(`losses ${r.pLossKw.toFixed(3)} kW, ${r.qLossKvar.toFixed(3)} kvar; slack ${r.slackPKw.toFixed(3)} kW, ${r.slackQKvar.toFixed(3)} kvar\n`);
  out.write(`vmin ${r.vmin.toFixed(6)} p.u. at bus ${r.vminBus}; vmax ${r.vmax.toFixed(6)} p.u. at bus ${r.vmaxBus}\n\n`);
  out.write('   bus     P_kW   Q_kvar    V_pu   angle_deg\n');
  for (let i = 0; i < prep.n; i++) {
    out.write(
      `${String(prep.busIds[i]).padStart(6)} ${loads.pKw[i].toFixed(1).padStart(8)} ${loads.qKvar[i].toFixed(1).padStart(8)} ` +
        `${r.vmPu[i].toFixed(6)} ${r.vaDeg[i].toFixed(4).padStart(10)}\n`
    );
  }
  if (branches) {
    out.write('\n  from     to   P_from_kW  Q_from_kvar  I_A      P_loss_kW  loading_%\n');
    prep.feeder.branches.forEach((b, e) => {
      const f = r.branches;
      const state = b.inService ? '' : '  (open)';
      out.write(
        `${String(b.from).padStart(6)} ${String(b.to).padStart(6)} ${f.pFromKw[e].toFixed(2).padStart(11)} ${f.qFromKvar[e].toFixed(2).padStart(12)} ` +
          `${f.currentA[e].toFixed(2).padStart(8)} ${f.pLossKw[e].toFixed(3).padStart(10)} ${Number.isNaN(f.loadingPct[e]) ? '        -' : f.loadingPct[e].toFixed(1).padStart(9)}${state}\n`
      );
    });
  }
  out.write(`\n${r.violations.length} limit violation(s)${r.violations.length ? ':' : ''}\n`);
  for (const v of r.violations) out.write(`  ${v.kind}: ${grid.describeViolation(v)}\n`);
}

function toJson(prep: Prepared, loads: Loads, r: Result) {
  const f = r.branches;
  return {
    feeder: prep.feeder.name,
    status: r.status,
    converged: r.converged,
    ...(r.message ? { message: r.message } : {}),
    iterations: r.iterations,
    mismatchPu: r.mismatchPu,
    pLossKw: r.pLossKw,
    qLossKvar: r.qLossKvar,
    slackPKw: r.slackPKw,
    slackQKvar: r.slackQKvar,
    vmin: r.vmin,
    vminBus: r.vminBus,
    vmax: r.vmax,
    vmaxBus: r.vmaxBus,
    busIds: prep.busIds,
    pKw: Array.from(loads.pKw),
    qKvar: Array.from(loads.qKvar),
    vm: Array.from(r.vmPu),
    vaDeg: Array.from(r.vaDeg),
    branches: prep.feeder.branches.map((b, e) => ({
      from: b.from, to: b.to, inService: b.inService,
      pFromKw: f.pFromKw[e], qFromKvar: f.qFromKvar[e], pToKw: f.pToKw[e], qToKvar: f.qToKvar[e],
      currentA: f.currentA[e], pLossKw: f.pLossKw[e], qLossKvar: f.qLossKvar[e],
      loadingPct: Number.isNaN(f.loadingPct[e]) ? null : f.loadingPct[e],
    })),
    violations: r.violations,
  };
}
