#!/usr/bin/env bash
# vpsim beside SimPy (M/M/1 kernel) and pandapower (33-bus power flow): installs both into a Python
# virtual environment, runs the Python benchmarks and `vpsim bench kernel powerflow` in the same
# invocation, and prints a Markdown table of ratios (absolute times differ between machines and
# loads; ratios measured side by side in one run travel better). Used for docs/benchmarks.md.
#
# Where the packages come from: first pip (pip's own settings such as PIP_INDEX_URL or PIP_FIND_LINKS
# apply). When pip cannot reach a package index, SimPy falls back to Debian's python3-simpy3
# (installed with apt-get when missing and run as root) in a second virtual environment made from
# the system Python with --system-site-packages; pandapower has no Debian package, so its rows then
# say it is unavailable and why. The table's last line names where each package came from.
# When nothing can be compared (no python3, no venv, no SimPy at all) it says so and exits 0.
# Not part of CI.
#
# Usage: scripts/compare-python.sh            (venv in ${VPSIM_COMPARE_VENV:-$TMPDIR/vpsim-compare-venv})
set -u
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${VPSIM_COMPARE_VENV:-${TMPDIR:-/tmp}/vpsim-compare-venv}"
say() { printf 'compare-python: %s\n' "$*" >&2; }

if [ ! -f "$root/dist/cli/main.js" ]; then say "vpsim is not built (npm run build); nothing compared"; exit 0; fi
if ! command -v python3 >/dev/null 2>&1; then say "no python3 on this machine; nothing compared"; exit 0; fi

source_simpy="PyPI"
source_pp="PyPI"
pp_missing=""
py=""
if [ -x "$venv/bin/python" ] || python3 -m venv "$venv" >/dev/null 2>&1; then
  py="$venv/bin/python"
  if ! "$py" -c 'import simpy, pandapower' >/dev/null 2>&1; then
    say "installing simpy and pandapower into $venv ..."
    if ! "$py" -m pip install --quiet --disable-pip-version-check --timeout 15 --retries 1 simpy pandapower >"$venv/pip.log" 2>&1; then
      why="$(grep -m1 -oE 'Connection refused|Network is unreachable|Temporary failure in name resolution|Name or service not known|timed out|No matching distribution found for [a-z]+|Could not find a version that satisfies the requirement [a-z]+' "$venv/pip.log")"
      say "pip could not install simpy and pandapower (${why:-see $venv/pip.log})"
      "$py" -c 'import simpy' >/dev/null 2>&1 || py=""
      "$py" -c 'import pandapower' >/dev/null 2>&1 || pp_missing="pip could not reach a package index (${why:-see pip.log}) and Debian has no pandapower package"
    fi
  fi
else
  say "cannot create a Python virtual environment at $venv"
  pp_missing="no virtual environment could be made for pip"
fi

# Fallback: Debian's SimPy (python3-simpy3) in a venv of the system Python that sees its packages.
if [ -z "$py" ]; then
  syspy=/usr/bin/python3
  if [ -x "$syspy" ] && { "$syspy" -c 'import simpy' >/dev/null 2>&1 || "$root/scripts/apt-ensure.sh" python3-simpy3 >&2; }; then
    dvenv="$venv-debian"
    if [ -x "$dvenv/bin/python" ] || "$syspy" -m venv --system-site-packages "$dvenv" >/dev/null 2>&1; then
      if "$dvenv/bin/python" -c 'import simpy' >/dev/null 2>&1; then
        py="$dvenv/bin/python"
        source_simpy="Debian python3-simpy3 (pip had no index)"
        if "$py" -c 'import pandapower' >/dev/null 2>&1; then source_pp="system site packages"; pp_missing=""; fi
      fi
    fi
  fi
fi
if [ -z "$py" ]; then say "no SimPy from pip or from Debian; nothing compared"; exit 0; fi
[ -n "$pp_missing" ] && say "pandapower unavailable: $pp_missing"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Python side: process CPU time (time.process_time), median of 5 repeats.
"$py" - >"$work/py.json" <<'PY'
import json, random, statistics, time, warnings
warnings.filterwarnings("ignore")
import simpy
try:
    import pandapower as pp
    import pandapower.networks as pn
except ImportError:
    pp = None

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
import platform
out = {"simpy_mm1_customers_per_s": served / s, "simpy_version": getattr(simpy, "__version__", "?"), "python_version": platform.python_version()}

if pp is not None:
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

node --input-type=module - "$work/py.json" "$work/vpsim.json" "$pp_missing" "$source_simpy" "$source_pp" <<'JS'
import { readFileSync } from 'node:fs';
const py = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const v = JSON.parse(readFileSync(process.argv[3], 'utf8'));
const [ppMissing, fromSimpy, fromPp] = process.argv.slice(4);
const f = (x) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));
const rows = [
  ['M/M/1 customers per CPU second', `vpsim kernel ${f(v.kernel.mm1CustomersPerSec)}`, `SimPy ${py.simpy_version} ${f(py.simpy_mm1_customers_per_s)}`, `${f(v.kernel.mm1CustomersPerSec / py.simpy_mm1_customers_per_s)}x`],
];
if (py.pandapower_version === undefined) {
  rows.push(['33-bus power flow, µs per solve', `vpsim ${f(v.powerflow.case33bwSolveUs)}`, `pandapower unavailable: ${ppMissing || 'not importable'}`, '-']);
} else {
  for (const [algo, key] of [['NR', 'pandapower_nr'], ['BFSW', 'pandapower_bfsw']]) {
    const us = py[key + '_us_per_solve'];
    rows.push(['33-bus power flow, µs per solve', `vpsim ${f(v.powerflow.case33bwSolveUs)}`, `pandapower ${py.pandapower_version} ${algo} ${f(us)}`, `${f(us / v.powerflow.case33bwSolveUs)}x`]);
  }
}
console.log('| workload | vpsim | Python | vpsim faster by |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
console.log('');
console.log(`Made by scripts/compare-python.sh on ${new Date().toISOString().slice(0, 10)}: Node ${process.versions.node}, Python ${py.python_version}; SimPy from ${fromSimpy}` + (py.pandapower_version ? `, pandapower from ${fromPp}.` : '; pandapower not installed.'));
JS
