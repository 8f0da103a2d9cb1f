// The shipped scenario each model's `vpsim init` starter is made from (package-relative paths).
// A new model adds its line here; `vpsim init` refuses a model without one, naming this file.
export const STARTERS: Record<string, string> = {
  mm1: 'scenarios/demo/mm1.yaml',
  greek: 'scenarios/greek/sc1.yaml',
  gvp: 'scenarios/gvp/s1.yaml',
  ledger: 'scenarios/ledger/day.yaml',
};
