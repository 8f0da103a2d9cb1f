// Distribution grid: feeders, radial power flow, LinDistFlow, limit checks, curtailment, profiles.
export type { Feeder, FeederBus, FeederBranch, BusLoads, GridLimits } from './types.js';
export { DEFAULT_VMIN_PU, DEFAULT_VMAX_PU } from './types.js';
export { parseFeederJson } from './feeder-json.js';
export { parseMatpower } from './matpower.js';
export { loadFeeder, loadPreparedFeeder, bundledFeederDir, isBundledFeeder, BUNDLED_FEEDERS, type BundledFeeder } from './load-feeder.js';
export { prepareFeeder, busIndex, type PreparedFeeder } from './topology.js';
export {
  solvePowerFlow, nominalLoads,
  type SolveOptions, type PowerFlowResult, type PowerFlowStatus, type BranchFlows,
} from './powerflow.js';
export { parseExtraLoad, addExtraLoads, composeLoads, type ExtraLoad, type IndexedPower } from './loads.js';
export { detectViolations, describeViolation, type Violation, type ViolationKind } from './violations.js';
export {
  linDistFlowSensitivities, predictVoltages, sensitivity, linDistFlowError,
  type LinDistFlowModel, type LinDistFlowOptions,
} from './lindistflow.js';
export {
  curtailToLimits, subtreeMask, marginalLossFactors,
  type CurtailmentProblem, type CurtailmentResult, type CurtailmentOptions, type CurtailReason,
} from './curtailment.js';
export { buildFeederDay, feederFlow, feederDayLength, type FeederDay, type FeederDayInput } from './feeder-day.js';
export type { CevPowerMsg, CurtailMsg, FeederModelMsg, DfInbound, DfOutbound } from './feeder-messages.js';
export * from './profiles/index.js';
