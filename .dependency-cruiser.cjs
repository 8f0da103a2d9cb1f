// Import rules of the house (docs/CONVENTIONS.md): imports only point down, no circles.
// Layers, top to bottom:
//   cli                      src/cli
//   app                      src/bench, src/reproduce, src/report, src/sweep (run scenarios through
//                            models, present their records)
//   models                   src/models (one folder per case; registry and run-scenario)
//   agents                   src/agents (shared ones at the top, one folder per case)
//   domain                   src/grid, src/optim, src/ledger, src/contracts, src/kpi, src/greek, src/gvp,
//                            src/community, src/output, src/scenarios (pure code; may import each
//                            other as long as no circle forms)
//   base                     src/sim, src/util, src/version.ts
// No exceptions list: every rule below holds for every file.
const layer = {
  cli: '^src/cli/',
  app: '^src/(bench|reproduce|report|sweep)/',
  models: '^src/models/',
  agents: '^src/agents/',
  domain: '^src/(grid|optim|ledger|contracts|kpi|greek|gvp|community|output|scenarios)/',
  base: '^src/(sim|util)/|^src/version\\.ts$',
};
const above = {
  app: [layer.cli],
  models: [layer.cli, layer.app],
  agents: [layer.cli, layer.app, layer.models],
  domain: [layer.cli, layer.app, layer.models, layer.agents],
  base: [layer.cli, layer.app, layer.models, layer.agents, layer.domain],
};

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle ties two concepts into one: move the shared piece down.',
      from: {},
      to: { circular: true },
    },
    ...Object.entries(above).map(([name, higher]) => ({
      name: `${name}-imports-down-only`,
      severity: 'error',
      comment: `${name} code may not import a higher layer (cli > app > models > agents > domain > base).`,
      from: { path: layer[name] },
      to: { path: higher.join('|') },
    })),
    {
      name: 'agents-of-one-case-stay-apart',
      severity: 'error',
      comment: 'An agent of one case does not import another case\'s agents; shared agents live at src/agents/.',
      from: { path: '^src/agents/([^/]+)/' },
      to: { path: '^src/agents/[^/]+/', pathNot: '^src/agents/$1/' },
    },
    {
      name: 'shared-agents-not-case-agents',
      severity: 'error',
      comment: 'Agents shared by several cases (src/agents/*.ts) may not depend on one case\'s agents.',
      from: { path: '^src/agents/[^/]+\\.ts$' },
      to: { path: '^src/agents/[^/]+/' },
    },
    {
      name: 'kebab-case-file-names',
      severity: 'error',
      comment: 'One file-naming convention: kebab-case.',
      from: { path: '[A-Z]' },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
