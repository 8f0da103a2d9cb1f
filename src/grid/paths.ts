// Field paths for error messages, written the way the feeder's own file names them.
import type { Feeder } from './types.js';

const MATPOWER_BUS: Record<string, string> = { id: 'BUS_I', pKw: 'PD', qKvar: 'QD' };
const MATPOWER_BRANCH: Record<string, string> = { from: 'F_BUS', to: 'T_BUS', rOhm: 'BR_R', xOhm: 'BR_X' };

export function busPath(feeder: Pick<Feeder, 'format'>, i: number, field?: string): string {
  if (feeder.format === 'matpower') return `mpc.bus row ${i + 1}${field ? ` (${MATPOWER_BUS[field] ?? field})` : ''}`;
  return `buses[${i}]${field ? `.${field}` : ''}`;
}

export function branchPath(feeder: Pick<Feeder, 'format'>, i: number, field?: string): string {
  if (feeder.format === 'matpower') return `mpc.branch row ${i + 1}${field ? ` (${MATPOWER_BRANCH[field] ?? field})` : ''}`;
  return `branches[${i}]${field ? `.${field}` : ''}`;
}
