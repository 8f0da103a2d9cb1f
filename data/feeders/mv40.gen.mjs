// Regenerates mv40.json from the tables below (see mv40.md for the derivation).
// Usage: node data/feeders/mv40.gen.mjs > data/feeders/mv40.json
const CONDUCTORS = {
  // ohm/km at operating temperature, ampacity A (typical 20 kV Greek distribution values, see mv40.md)
  C240: { rOhmPerKm: 0.161, xOhmPerKm: 0.11, maxCurrentA: 400, kind: 'cable 3x1x240 mm2 Al XLPE 12/20 kV' },
  C150: { rOhmPerKm: 0.265, xOhmPerKm: 0.12, maxCurrentA: 310, kind: 'cable 3x1x150 mm2 Al XLPE 12/20 kV' },
  OH95: { rOhmPerKm: 0.334, xOhmPerKm: 0.36, maxCurrentA: 300, kind: 'overhead ACSR 95 mm2' },
  OH35: { rOhmPerKm: 0.92, xOhmPerKm: 0.39, maxCurrentA: 170, kind: 'overhead ACSR 35 mm2' },
};
// Distribution substation (20/0.4 kV) rating per load bus, kVA; nominal demand = UTILISATION x rating.
const UTILISATION = 0.4;
const TAN_PHI = Math.tan(Math.acos(0.92));
// [from, to, conductor, km, kVA at `to` (0 = junction)]
const SEGMENTS = [
  // main trunk: urban cable section, then suburban overhead section
  [1, 2, 'C240', 1.2, 0], [2, 3, 'C240', 0.6, 630], [3, 4, 'C240', 0.5, 630], [4, 5, 'C240', 0.6, 630],
  [5, 6, 'C240', 0.5, 630], [6, 7, 'C240', 0.7, 630], [7, 8, 'C240', 0.6, 630],
  [8, 9, 'OH95', 1.2, 400], [9, 10, 'OH95', 1.35, 400], [10, 11, 'OH95', 1.2, 400], [11, 12, 'OH95', 1.5, 400],
  [12, 13, 'OH95', 1.35, 400], [13, 14, 'OH95', 1.65, 400], [14, 15, 'OH95', 1.5, 400], [15, 16, 'OH95', 1.8, 400],
  [16, 17, 'OH95', 1.5, 400], [17, 18, 'OH95', 1.95, 400],
  // urban cable laterals
  [4, 19, 'C150', 0.4, 630], [19, 20, 'C150', 0.35, 630], [20, 21, 'C150', 0.4, 630], [21, 22, 'C150', 0.3, 630],
  [7, 23, 'C150', 0.5, 630], [23, 24, 'C150', 0.4, 630], [24, 25, 'C150', 0.45, 630], [25, 26, 'C150', 0.35, 630],
  // suburban overhead laterals
  [10, 27, 'OH35', 0.88, 250], [27, 28, 'OH35', 0.75, 250], [28, 29, 'OH35', 1.0, 250], [29, 30, 'OH35', 0.75, 250], [30, 31, 'OH35', 0.88, 250],
  [13, 32, 'OH35', 0.75, 250], [32, 33, 'OH35', 0.88, 250], [33, 34, 'OH35', 0.62, 250], [34, 35, 'OH35', 0.75, 250],
  [15, 36, 'OH35', 1.0, 250], [36, 37, 'OH35', 0.88, 250], [37, 38, 'OH35', 0.75, 250],
  [17, 39, 'OH35', 0.88, 250], [39, 40, 'OH35', 1.0, 250],
];
// normally-open ties (switches between laterals)
const TIES = [[22, 26, 'C150', 0.6], [31, 35, 'OH35', 1.0]];

const round = (v, d) => Math.round(v * 10 ** d) / 10 ** d;
const branch = ([from, to, c, km], inService) => ({
  from, to,
  rOhm: round(CONDUCTORS[c].rOhmPerKm * km, 6), xOhm: round(CONDUCTORS[c].xOhmPerKm * km, 6),
  inService, maxCurrentA: CONDUCTORS[c].maxCurrentA, lengthKm: km, kind: CONDUCTORS[c].kind,
});
const buses = [{ id: 1, pKw: 0, qKvar: 0, name: 'HV/MV substation 20 kV busbar' }];
for (const [, to, , , kva] of SEGMENTS) {
  const p = round(UTILISATION * kva, 3);
  buses.push({ id: to, pKw: p, qKvar: round(p * TAN_PHI, 3), ...(kva ? { name: `${kva} kVA substation` } : { name: 'junction' }) });
}
buses.sort((a, b) => a.id - b.id);
const feeder = {
  name: 'mv40',
  source: 'vpsim stand-in for the 40-bus 20 kV MV feeder of Sifakis et al. (Energies 2025); derivation in data/feeders/mv40.md',
  units: { load: 'kW / kvar, constant power', impedance: 'ohm (series R + jX, no shunt)', voltage: 'kV line-to-line' },
  baseKV: 20,
  baseMVA: 10,
  slackBus: 1,
  buses,
  branches: [...SEGMENTS.map((s) => branch(s, true)), ...TIES.map((t) => branch(t, false))],
  totals: { pKw: round(buses.reduce((s, b) => s + b.pKw, 0), 3), qKvar: round(buses.reduce((s, b) => s + b.qKvar, 0), 3) },
};
process.stdout.write(JSON.stringify(feeder, null, 1) + '\n');
