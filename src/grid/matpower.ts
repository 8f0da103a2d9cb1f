// Reads a MATPOWER case file (.m, format version 2) describing a radial distribution feeder.
// The file is not executed: only the statements below are understood, anything else is refused so a
// case never loads with a silently different meaning.
//   mpc.version / mpc.baseMVA / mpc.bus / mpc.gen / mpc.branch (mpc.gencost, mpc.areas ignored)
//   unit conversions as in MATPOWER's own distribution cases (case33bw, case69):
//     mpc.bus(:, [PD, QD]) = mpc.bus(:, [PD, QD]) / 1e3;                          -> loads in kW
//     mpc.branch(:, [BR_R BR_X]) = mpc.branch(:, [BR_R BR_X]) / (Vbase^2 / Sbase); -> r, x in ohm
//   without them: loads in MW / Mvar and r, x in p.u. on baseMVA and the bus baseKV (MATPOWER default).
// Not supported (refused): PV buses, generators away from the slack, shunts (Gs, Bs), line charging,
// transformers (tap ratio or phase shift), several voltage levels, isolated buses.
// Bus VMAX/VMIN columns are OPF limits and are not used: the limits come from the scenario.
import { InputError } from '../util/errors.js';
import { DEFAULT_VMAX_PU, DEFAULT_VMIN_PU, type Feeder, type FeederBranch, type FeederBus } from './types.js';

const MATRICES = new Set(['bus', 'gen', 'branch', 'gencost', 'areas']);
// Statements are compared with whitespace and commas removed.
const KW_LOADS = 'mpc.bus(:[PDQD])=mpc.bus(:[PDQD])/1e3';
const OHM_BRANCHES = 'mpc.branch(:[BR_RBR_X])=mpc.branch(:[BR_RBR_X])/(Vbase^2/Sbase)';
const HARMLESS = [
  /^functionmpc=\w+$/,
  /^\[[\w,]+\]=(idx_bus|idx_brch|idx_gen|idx_cost)$/,
  /^define_constants$/,
  /^Vbase=mpc\.bus\(1BASE_KV\)\*1e3$/,
  /^Sbase=mpc\.baseMVA\*1e6$/,
  /^(end|return)$/,
];

interface Statement {
  text: string;
  line: number;
}

export function parseMatpower(text: string, file: string): Feeder {
  const lines = text.split(/\r?\n/).map((l) => l.replace(/%.*$/, ''));
  const matrices = new Map<string, { rows: number[][]; line: number }>();
  const statements: Statement[] = [];
  let name = file.replace(/^.*[\\/]/, '').replace(/\.m$/i, '');
  let baseMVA: number | undefined;
  let kwLoads = false;
  let ohmBranches = false;

  // Join continuation lines, then pull out matrix blocks `mpc.X = [ ... ];`.
  let pending = '';
  let pendingLine = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!pending) pendingLine = i + 1;
    if (/\.\.\.\s*$/.test(line)) {
      pending += line.replace(/\.\.\.\s*$/, ' ');
      continue;
    }
    const full = pending + line;
    pending = '';
    const open = /^\s*mpc\.(\w+)\s*=\s*\[/.exec(full);
    if (open) {
      let body = full.slice(open[0].length);
      let j = i;
      while (!body.includes(']') && j + 1 < lines.length) body += '\n' + lines[++j];
      if (!body.includes(']')) throw new InputError(file, `line ${pendingLine}`, `a closing "]" for mpc.${open[1]}`, 'end of file');
      const close = body.indexOf(']');
      if (!MATRICES.has(open[1])) throw new InputError(file, `line ${pendingLine}`, 'mpc.bus, mpc.gen, mpc.branch (and optionally mpc.gencost, mpc.areas)', `unsupported field mpc.${open[1]}`);
      matrices.set(open[1], { rows: parseRows(body.slice(0, close), file, `mpc.${open[1]}`), line: pendingLine });
      for (const rest of body.slice(close + 1).split(';')) statements.push({ text: rest, line: j + 1 });
      i = j;
      continue;
    }
    for (const part of full.split(';')) statements.push({ text: part, line: pendingLine });
  }

  for (const { text: raw, line } of statements) {
    const compact = raw.replace(/[\s,]+/g, '');
    if (compact === '') continue;
    const fn = /^functionmpc=(\w+)$/.exec(compact);
    if (fn) name = fn[1];
    const version = /^mpc\.version='(\w+)'$/.exec(compact);
    const mva = /^mpc\.baseMVA=([-+0-9.eE]+)$/.exec(compact);
    if (version) {
      if (version[1] !== '2') throw new InputError(file, `line ${line}`, "MATPOWER case format version '2'", `'${version[1]}'`);
    } else if (mva) {
      baseMVA = Number(mva[1]);
    } else if (compact === KW_LOADS) {
      kwLoads = true;
    } else if (compact === OHM_BRANCHES) {
      ohmBranches = true;
    } else if (!HARMLESS.some((re) => re.test(compact))) {
      throw new InputError(file, `line ${line}`, 'a MATPOWER case statement vpsim supports (see docs/grid.md)', `"${raw.trim().slice(0, 80)}"`);
    }
  }
  if (!(baseMVA !== undefined && baseMVA > 0)) throw new InputError(file, 'mpc.baseMVA', 'a number > 0', String(baseMVA ?? 'nothing'));
  const bus = need(matrices, 'bus', 13, file);
  const gen = need(matrices, 'gen', 8, file);
  const branch = need(matrices, 'branch', 11, file);
  return buildFeeder({ name, file, baseMVA, kwLoads, ohmBranches, bus, gen, branch });
}

interface Parts {
  name: string;
  file: string;
  baseMVA: number;
  kwLoads: boolean;
  ohmBranches: boolean;
  bus: number[][];
  gen: number[][];
  branch: number[][];
}

function buildFeeder(x: Parts): Feeder {
  const { file } = x;
  const baseKV = x.bus[0][9];
  let slackBus: number | undefined;
  const buses: FeederBus[] = x.bus.map((r, i) => {
    const at = `mpc.bus row ${i + 1}`;
    const [id, type, pd, qd, gs, bs] = r;
    if (type === 3) {
      if (slackBus !== undefined) throw new InputError(file, `${at} (BUS_TYPE)`, 'exactly one slack bus (type 3)', `a second one, bus ${id}`);
      slackBus = id;
    } else if (type !== 1) {
      throw new InputError(file, `${at} (BUS_TYPE)`, '1 (PQ) or 3 (slack); PV and isolated buses are not supported on a radial feeder', String(type));
    }
    if (gs !== 0 || bs !== 0) throw new InputError(file, `${at} (GS, BS)`, '0 (shunts are not supported)', `${gs}, ${bs}`);
    if (r[9] !== baseKV) throw new InputError(file, `${at} (BASE_KV)`, `one voltage level, ${baseKV} kV like row 1`, String(r[9]));
    const unit = x.kwLoads ? 1 : 1000;
    return { id, pKw: pd * unit, qKvar: qd * unit };
  });
  if (slackBus === undefined) throw new InputError(file, 'mpc.bus (BUS_TYPE)', 'one slack bus (type 3)', 'none');
  if (!(baseKV > 0)) throw new InputError(file, 'mpc.bus row 1 (BASE_KV)', 'a voltage in kV > 0', String(baseKV));

  let slackVmPu: number | undefined;
  x.gen.forEach((r, i) => {
    if (!(r[7] > 0)) return; // out of service
    if (r[0] !== slackBus) {
      throw new InputError(file, `mpc.gen row ${i + 1} (GEN_BUS)`, `the slack bus ${slackBus} (generators elsewhere are not supported; model them as negative loads)`, String(r[0]));
    }
    slackVmPu = r[5];
  });
  if (slackVmPu === undefined) throw new InputError(file, 'mpc.gen', `an in-service generator at slack bus ${slackBus}`, 'none');
  if (!(slackVmPu > 0)) throw new InputError(file, 'mpc.gen (VG)', 'a slack voltage > 0 p.u.', String(slackVmPu));

  const zBase = (baseKV * baseKV) / x.baseMVA;
  const branches: FeederBranch[] = x.branch.map((r, i) => {
    const at = `mpc.branch row ${i + 1}`;
    const [from, to, rr, xx, b, rateA, , , ratio, angle, status] = r;
    if (b !== 0) throw new InputError(file, `${at} (BR_B)`, '0 (line charging is not supported)', String(b));
    if (ratio !== 0 && ratio !== 1) throw new InputError(file, `${at} (TAP)`, '0 or 1 (transformers are not supported)', String(ratio));
    if (angle !== 0) throw new InputError(file, `${at} (SHIFT)`, '0 (phase shifters are not supported)', String(angle));
    const unit = x.ohmBranches ? 1 : zBase;
    const br: FeederBranch = { from, to, rOhm: rr * unit, xOhm: xx * unit, inService: status > 0 };
    if (rateA > 0) br.maxCurrentA = (rateA * 1000) / (Math.sqrt(3) * baseKV);
    return br;
  });
  return {
    name: x.name,
    source: `MATPOWER case file ${file}`,
    baseKV,
    baseMVA: x.baseMVA,
    slackBus,
    slackVmPu,
    vMinPu: DEFAULT_VMIN_PU,
    vMaxPu: DEFAULT_VMAX_PU,
    buses,
    branches,
    file,
    format: 'matpower',
  };
}

function need(matrices: Map<string, { rows: number[][] }>, key: string, minCols: number, file: string): number[][] {
  const m = matrices.get(key);
  if (!m || m.rows.length === 0) throw new InputError(file, `mpc.${key}`, 'a non-empty matrix', 'nothing');
  m.rows.forEach((r, i) => {
    if (r.length < minCols) throw new InputError(file, `mpc.${key} row ${i + 1}`, `at least ${minCols} columns`, `${r.length}`);
  });
  return m.rows;
}

function parseRows(body: string, file: string, what: string): number[][] {
  const rows: number[][] = [];
  for (const rowText of body.split(/[;\n]/)) {
    const cells = rowText.trim().split(/[\s,]+/).filter((c) => c !== '');
    if (cells.length === 0) continue;
    rows.push(
      cells.map((c) => {
        const v = c === 'Inf' ? Infinity : c === '-Inf' ? -Infinity : Number(c);
        if (Number.isNaN(v)) throw new InputError(file, `${what} row ${rows.length + 1}`, 'numbers', `"${c}"`);
        return v;
      })
    );
  }
  return rows;
}
