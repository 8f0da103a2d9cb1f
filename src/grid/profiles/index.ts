// Daily profiles at 5-minute resolution (288 steps a day, values at step midpoints).
export { CITIES, STEP_S, STEPS_PER_DAY, type City, type LoadProfileType, type RandomSource } from './common.js';
export { loadProfile, LOAD_SHAPES, WEEKEND_FACTORS, type LoadProfileOptions } from './load.js';
export { pvProfile, cosZenith, type PvProfileOptions } from './pv.js';
export { windProfile, windSpeedSeries, turbinePower, type WindProfileOptions } from './wind.js';
