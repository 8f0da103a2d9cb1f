// Benchmark groups by name; each returns named figures. Loaded lazily.
export type BenchGroup = () => Promise<Record<string, number>>;

export const benchGroups: Record<string, () => Promise<BenchGroup>> = {
  kernel: async () => (await import('./kernel.js')).benchKernel,
  powerflow: async () => (await import('./powerflow.js')).benchPowerflow,
  sweep: async () => (await import('./sweep.js')).benchSweep,
  ledger: async () => (await import('./ledger.js')).benchLedger,
  greek: async () => (await import('./greek.js')).benchGreek,
  gvp: async () => (await import('./gvp.js')).benchGvp,
  community: async () => (await import('./community.js')).benchCommunity,
};
