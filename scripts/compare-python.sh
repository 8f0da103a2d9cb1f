#!/usr/bin/env bash
# vpsim beside SimPy (M/M/1 kernel) and pandapower (33-bus power flow): installs both into a Python
# virtual environment, runs the Python benchmarks and `vpsim bench kernel powerflow` in the same
# invocation, and prints a Markdown table of ratios (absolute times differ between machines and
# loads; ratios measured side by side in one run travel better). Used for docs/benchmarks.md.
#
# When no virtual environment can be made or the packages cannot be installed (e.g. no route to
# PyPI; pip's own settings such as PIP_INDEX_URL or PIP_FIND_LINKS apply), it says so and exits 0
# without printing any figure.
#
# Usage: scripts/compare-python.sh            (venv in ${VPSIM_COMPARE_VENV:-$TMPDIR/vpsim-compare-venv})
set -u
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${VPSIM_COMPARE_VENV:-${TMPDIR:-/tmp}/vpsim-compare-venv}"
say() { printf 'compare-python: %s\n' "$*" >&2; }

if ! command -v python3 >/dev/null 2>&1; then say "no python3 on this machine; nothing compared"; exit 0; fi
if [ ! -x "$venv/bin/python" ]; then
  if ! python3 -m venv "$venv" >/dev/null 2>&1; then say "cannot create a Python virtual environment at $venv; nothing compared"; exit 0; fi
fi
py="$venv/bin/python"
if ! "$py" -c 'import simpy, pandapower' >/dev/null 2>&1; then
  say "installing simpy and pandapower into $venv ..."
  if ! "$py" -m pip install --quiet --disable-pip-version-check --timeout 20 simpy pandapower >"$venv/pip.log" 2>&1; then
    say "could not install simpy and pandapower (no route to the package index?); see $venv/pip.log; nothing compared"
    exit 0
  fi
fi
if [ ! -f "$root/dist/cli/main.js" ]; then say "vpsim is not built (npm run build); nothing compared"; exit 0; fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Python side: process CPU time (time.process_time), median of 5 repeats.
"$py" - >"$work/py.json" <<'PY'
import json, random, statistics, time, warnings
warnings.filterwarnings("ignore")
import simpy
import pandapower as pp
import pandapower.networks as pn

def mm1(customers, lam=0.9, mu=1.0, seed=2):
    rng = random.Random(seed)
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=1)
    done = [0]
    def customer(env):
        with server.request() as req:
            yield req
            yield env.timeout(rng.expovariate(mu))
        done[0] += 1
    def source(env):
        for _ in range(customers):
            yield env.timeout(rng.expovariate(lam))
            env.process(customer(env))
    env.process(source(env))
    env.run()
    return done[0]

def timed(f, reps=5):
    xs = []
    for _ in range(reps):
        t0 = time.process_time()
        r = f()
        xs.append(time.process_time() - t0)
    return statistics.median(xs), r

n = 200_000
mm1(10_000)
s, served = timed(lambda: mm1(n))
out = {"simpy_mm1_customers_per_s": served / s, "simpy_version": simpy.__version__ if hasattr(simpy, "__version__") else "?"}

net = pn.case33bw()
for algo, key in (("nr", "pandapower_nr"), ("bfsw", "pandapower_bfsw")):
    pp.runpp(net, algorithm=algo)
    k = 50
    def solves():
        for _ in range(k):
            pp.runpp(net, algorithm=algo, recycle={"trafo": False, "gen": False, "bus_pq": True})
    s, _ = timed(solves)
    out[key + "_us_per_solve"] = s / k * 1e6
out["pandapower_version"] = pp.__version__
print(json.dumps(out))
PY
if [ $? -ne 0 ]; then say "the Python benchmarks failed; nothing compared"; exit 0; fi

node "$root/bin/vpsim.js" bench kernel powerflow --json >"$work/vpsim.json" || { say "vpsim bench failed"; exit 1; }

node --input-type=module - "$work/py.json" "$work/vpsim.json" <<'JS'
import { readFileSync } from 'node:fs';
const py = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const v = JSON.parse(readFileSync(process.argv[3], 'utf8'));
const f = (x) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));
const rows = [
  ['M/M/1 customers per CPU second', `vpsim kernel ${f(v.kernel.mm1CustomersPerSec)}`, `SimPy ${py.simpy_version} ${f(py.simpy_mm1_customers_per_s)}`, `${f(v.kernel.mm1CustomersPerSec / py.simpy_mm1_customers_per_s)}x`],
  ['33-bus power flow, µs per solve', `vpsim ${f(v.powerflow.case33bwSolveUs)}`, `pandapower ${py.pandapower_version} NR ${f(py.pandapower_nr_us_per_solve)}`, `${f(py.pandapower_nr_us_per_solve / v.powerflow.case33bwSolveUs)}x`],
  ['33-bus power flow, µs per solve', `vpsim ${f(v.powerflow.case33bwSolveUs)}`, `pandapower ${py.pandapower_version} BFSW ${f(py.pandapower_bfsw_us_per_solve)}`, `${f(py.pandapower_bfsw_us_per_solve / v.powerflow.case33bwSolveUs)}x`],
];
console.log('| workload | vpsim | Python | vpsim faster by |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
JS
