#!/usr/bin/env bash
# End-to-end test of templates/slurm-sweep.sh on a real, single-node Slurm cluster on this machine.
#
#   bash scripts/slurm-e2e.sh [--report FILE]      (as root; CI runs it from .ci/run)
#
# Installs Debian's slurm-wlm and munge if missing, starts munged, slurmctld and slurmd with a
# generated slurm.conf for this host (every state, spool, log and key file in one mktemp folder,
# ports on 127.0.0.1 only), then:
#   1. runs the sweep unsharded (the reference results.csv);
#   2. submits the shipped template, unchanged, as a 4-task array (SWEEP, OUT and sbatch options
#      on the command line only), checks Slurm stored the very bytes of templates/slurm-sweep.sh;
#   3. while it runs: requeues one task mid-shard (scontrol requeue) and cancels another
#      mid-shard, then resubmits that index alone (SHARDS=4 sbatch --array=2);
#   4. submits the template's dependent merge job, waits for everything, and checks every task
#      ended with exit 0, the interrupted tasks resumed (kept their finished runs), no run is
#      lost or duplicated across the shards, and merged results.csv == unsharded byte for byte.
# Each check prints `slurm-e2e: PASS name` or `slurm-e2e: FAIL name: reason` (also appended to
# FILE with --report). On failure the Slurm, munge and job logs are printed. Every daemon it
# started is stopped and the folder removed on exit (KEEP=1 keeps the folder). Exit 0 iff all passed.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TEMPLATE=$ROOT/templates/slurm-sweep.sh
SWEEP_FILE=scenarios/sweeps/mm1-cluster.yaml # relative to ROOT, as a user would give it
TASKS=4
REQUEUE_IDX=1 # requeued with scontrol requeue mid-run
RESUBMIT_IDX=2 # cancelled mid-run, then resubmitted by index
BUDGET_S=${SLURM_E2E_BUDGET_S:-300}
REPORT=
[ "${1:-}" = --report ] && REPORT=${2:?--report needs a file}

T0=$SECONDS
# Slurm's cgroup folders (proctrack/cgroup makes /sys/fs/cgroup/<controller>/slurm): removed at
# the end if this run made them.
CGROUPS_BEFORE=$(ls -d /sys/fs/cgroup/*/slurm 2>/dev/null)
PASSED=0
FAILED=0
say() { echo "slurm-e2e: $*"; }
record() { # PASS|FAIL name [reason]
  local line="$1 $2${3:+: $3}"
  say "$line  [$((SECONDS - T0)) s]"
  [ -n "$REPORT" ] && echo "$line" >>"$REPORT"
  if [ "$1" = PASS ]; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); fi
}
pass() { record PASS "$1"; }
# A failed check ends the test: later steps depend on the earlier ones.
fail() {
  record FAIL "$1" "$2"
  exit 1
}
check() { # name condition-command... ; the reason: $WHY as the command left it, or as set before
  local name=$1 preset=${WHY:-}
  shift
  WHY=
  if "$@"; then pass "$name"; else fail "$name" "${WHY:-${preset:-condition failed: $*}}"; fi
  WHY=
}
left() { echo $((BUDGET_S - (SECONDS - T0))); }

# ---------------------------------------------------------------------------------------------
# Cleanup: cancel our jobs, stop our daemons (by the pids we started), kill any process still
# running under our slurm.conf, print the logs on failure, remove the folder.
S=
PIDS=() # munged slurmctld slurmd, in start order
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$S" ] && [ -d "$S" ]; then
    if [ -n "${SLURMCTLD_PID:-}" ] && kill -0 "$SLURMCTLD_PID" 2>/dev/null; then
      scancel --quiet --user="$(id -un)" 2>/dev/null
      for _ in $(seq 1 40); do
        [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break
        sleep 0.5
      done
    fi
    local i
    for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
      kill "${PIDS[i]}" 2>/dev/null
      for _ in $(seq 1 50); do kill -0 "${PIDS[i]}" 2>/dev/null || break; sleep 0.1; done
      kill -9 "${PIDS[i]}" 2>/dev/null
      wait "${PIDS[i]}" 2>/dev/null
    done
    # Job steps (slurmstepd and the job's processes) inherit SLURM_CONF=$CONF: end any left.
    local p
    for p in $(grep -lsa "SLURM_CONF=$CONF" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3); do
      [ "$p" != $$ ] && kill -9 "$p" 2>/dev/null
    done
    local cg
    for cg in /sys/fs/cgroup/*/slurm; do
      [ -d "$cg" ] && ! grep -qxF "$cg" <<<"$CGROUPS_BEFORE" && find "$cg" -depth -type d -exec rmdir {} + 2>/dev/null
    done
    if [ $rc -ne 0 ] || [ $FAILED -gt 0 ]; then
      local f
      for f in "$S"/log/*; do
        [ -s "$f" ] || continue
        echo "----- $(basename "$f") (last 60 lines) -----"
        tail -n 60 "$f"
      done
      echo "----- end of logs -----"
    fi
    if [ "${KEEP:-0}" = 1 ]; then say "kept $S"; else rm -rf "$S"; fi
  fi
  [ $rc -eq 0 ] && [ $FAILED -gt 0 ] && rc=1
  say "$PASSED passed checks, $FAILED failed checks in $((SECONDS - T0)) s"
  exit $rc
}
trap cleanup EXIT
trap 'record FAIL "interrupted" "signal received after $((SECONDS - T0)) s"; exit 1' INT TERM

# ---------------------------------------------------------------------------------------------
# 0. Packages and tools.
[ "$(id -u)" -eq 0 ] || fail "runs as root" "slurmd must run as root to start jobs; run this as root (CI does)"
"$ROOT/scripts/apt-ensure.sh" slurm-wlm munge || fail "slurm-wlm and munge installed" "apt-get could not install them"
for tool in munged munge slurmctld slurmd sbatch squeue scontrol scancel node npx; do
  command -v "$tool" >/dev/null || fail "tools present" "$tool not on PATH"
done
[ -f "$ROOT/dist/cli/main.js" ] || fail "vpsim built" "no dist/cli/main.js in $ROOT: run npm ci (or npm run build) first"

S=$(mktemp -d "${TMPDIR:-/tmp}/vpsim-slurm-e2e.XXXXXX")
chmod 755 "$S"
mkdir -p "$S"/{munge,state,spool,run,log,out,etc}
chmod 755 "$S/munge" # the socket must be reachable by job users; the key file is 0400
CONF=$S/etc/slurm.conf
export SLURM_CONF=$CONF

# Two free TCP ports below the ephemeral range, for slurmctld and slurmd.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pick_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 10000))
    [ "$p" != "${1:-}" ] && port_free "$p" && { echo "$p"; return 0; }
  done
  return 1
}
CTLD_PORT=$(pick_port) && SLURMD_PORT=$(pick_port "$CTLD_PORT") || fail "free ports" "no free port in 20000-29999"

# ---------------------------------------------------------------------------------------------
# 1. munged with its own key and socket.
dd if=/dev/urandom of="$S/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$S/munge/munge.key"
MUNGE_SOCKET=$S/munge/munge.socket
munged --foreground --force --socket="$MUNGE_SOCKET" --key-file="$S/munge/munge.key" \
  --pid-file="$S/run/munged.pid" --seed-file="$S/munge/munged.seed" --log-file="$S/log/munged.log" \
  >>"$S/log/munged.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 50); do [ -S "$MUNGE_SOCKET" ] && break; sleep 0.1; done
check "munged encodes and decodes a credential" \
  bash -c "munge --socket='$MUNGE_SOCKET' -n | unmunge --socket='$MUNGE_SOCKET' >/dev/null"

# ---------------------------------------------------------------------------------------------
# 2. slurm.conf for this host: its short hostname, its CPUs, its real memory (as slurmd sees it).
NODE=$(hostname -s)
# Process tracking: cgroup (v1 freezer) where the machine has it, else the job's process group.
PROCTRACK=${SLURM_E2E_PROCTRACK:-}
if [ -z "$PROCTRACK" ]; then
  if [ -d /sys/fs/cgroup/freezer ] && [ -w /sys/fs/cgroup/freezer ]; then PROCTRACK=cgroup; else PROCTRACK=pgid; fi
fi
CPUS=$(nproc)
MEM_MB=$(slurmd -C 2>/dev/null | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')
[ -n "$MEM_MB" ] || MEM_MB=$(($(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo) / 1024))
cat >"$CONF" <<EOF
# Generated by scripts/slurm-e2e.sh for one run; removed with its folder.
ClusterName=vpsim-e2e
SlurmctldHost=$NODE(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
# cred_expire: how long a requeued task waits before it may start again (Slurm default 120 s).
AuthInfo=socket=$MUNGE_SOCKET,cred_expire=10
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/run/slurmctld.pid
SlurmdPidFile=$S/run/slurmd.pid
SlurmctldLogFile=$S/log/slurmctld.log
SlurmdLogFile=$S/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
PlugStackConfig=$S/etc/plugstack.conf
# cgroup, as on production clusters: a cancelled or requeued task cannot leave processes behind
# (with proctrack/linuxproc the node process of a killed task was seen to run on).
ProctrackType=proctrack/$PROCTRACK
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=1024
ReturnToService=2
MinJobAge=600
KillWait=5
SlurmctldTimeout=30
SlurmdTimeout=60
MaxArraySize=1001
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEM_MB State=UNKNOWN
PartitionName=e2e Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
: >"$S/etc/plugstack.conf"
cat >"$S/etc/cgroup.conf" <<EOF
CgroupPlugin=cgroup/v1
CgroupAutomount=no
ConstrainCores=no
ConstrainRAMSpace=no
ConstrainDevices=no
EOF

slurmctld -D -f "$CONF" >>"$S/log/slurmctld.out" 2>&1 &
SLURMCTLD_PID=$!
PIDS+=($SLURMCTLD_PID)
for _ in $(seq 1 100); do scontrol ping 2>/dev/null | grep -q UP && break; sleep 0.2; done
check "slurmctld answers on 127.0.0.1:$CTLD_PORT" bash -c 'scontrol ping | grep -q UP'

slurmd -D -f "$CONF" -N "$NODE" >>"$S/log/slurmd.out" 2>&1 &
PIDS+=($!)
node_state() { sinfo -h -N -n "$NODE" -o %T 2>/dev/null; }
for _ in $(seq 1 150); do [ "$(node_state)" = idle ] && break; sleep 0.2; done
WHY="node $NODE is '$(node_state)', not idle"
check "node $NODE idle with $CPUS CPUs and ${MEM_MB} MB (proctrack/$PROCTRACK)" test "$(node_state)" = idle

# ---------------------------------------------------------------------------------------------
# 3. The reference: the same sweep, unsharded, outside Slurm.
cd "$ROOT" || fail "repository" "cannot cd to $ROOT"
FULL=$S/out/full
WHY="vpsim sweep failed, see above"
check "unsharded sweep (reference)" npx vpsim sweep "$SWEEP_FILE" --quiet --out "$FULL"
TOTAL=$(($(wc -l <"$FULL/results.csv") - 1))
PER_SHARD=$((TOTAL / TASKS))
say "reference: $TOTAL runs, about $PER_SHARD per shard"

# ---------------------------------------------------------------------------------------------
# 4. The shipped template as a job array. SWEEP and OUT are its documented variables; sbatch
#    options on the command line override its #SBATCH lines for this 2-CPU node.
OUT=$S/out/sweep
export SWEEP=$SWEEP_FILE OUT
SB_OPTS=(--parsable --export=ALL --cpus-per-task=1 --output="$S/log/vpsim-sweep-%A_%a.log")
JID=$(sbatch "${SB_OPTS[@]}" --array=0-$((TASKS - 1)) "$TEMPLATE" 2>"$S/log/sbatch.err") ||
  fail "sbatch templates/slurm-sweep.sh --array=0-$((TASKS - 1))" "$(cat "$S/log/sbatch.err")"
JID=${JID%%;*}
pass "sbatch templates/slurm-sweep.sh --array=0-$((TASKS - 1)) (job $JID)"
scontrol write batch_script "$JID" "$S/out/stored-script.sh" >/dev/null 2>&1
WHY="the script Slurm stored for job $JID differs from $TEMPLATE"
check "Slurm runs the shipped template byte for byte" cmp -s "$S/out/stored-script.sh" "$TEMPLATE"

# State of one array task (PENDING, RUNNING, COMPLETED, CANCELLED, ...).
task_state() { squeue -h -r -t all -j "$1" -o '%i %T' 2>/dev/null | awk -v id="$1" '$1 == id { print $2 }'; }
# Runs finished in a shard directory (records written so far).
done_runs() { ls "$OUT/shard-$1/runs" 2>/dev/null | grep -c '\.json$'; }
# Waits until task $1 (array index $2) runs and has between 1 and PER_SHARD-1 runs done; prints
# that number, or the reason it could not.
wait_mid_run() {
  local id=$1 idx=$2 st= n=0
  while [ "$(left)" -gt 0 ]; do
    st=$(task_state "$id")
    n=$(done_runs "$idx")
    if [ "$st" = RUNNING ] && [ "$n" -ge 1 ] && [ "$n" -lt "$PER_SHARD" ]; then
      echo "$n"
      return 0
    fi
    case $st in COMPLETED | FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY)
      echo "task $id was $st (with $n runs done) before it could be caught mid-run"
      return 1 ;;
    esac
    sleep 0.2
  done
  echo "timed out waiting for task $id to run (state '$st', $n runs done)"
  return 1
}

# Processes of a job (by its unique id; they carry SLURM_JOB_ID in their environment).
job_pids() { grep -lsaz "^SLURM_JOB_ID=$1\$" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3; }
raw_id() { squeue -h -r -t all -j "$1" -o '%i %A' 2>/dev/null | awk -v id="$1" '$1 == id { print $2 }'; }
# After a cancel or requeue: the task's processes end (within KillWait) before anything restarts it.
none_left() { # array-task-id raw-job-id states-that-count-as-stopped
  local p= st=
  while [ "$(left)" -gt 0 ]; do
    st=$(task_state "$1")
    p=$(job_pids "$2")
    [ -z "$p" ] && grep -qw -- "$st" <<<"$3" && return 0
    sleep 0.2
  done
  WHY="task $1 (job $2) is '$st', processes still running: $(echo $p)"
  return 1
}

# 5a. Requeue a running task in the middle of its shard.
N_REQ=$(wait_mid_run "${JID}_$REQUEUE_IDX" "$REQUEUE_IDX") || fail "task ${JID}_$REQUEUE_IDX caught mid-run" "$N_REQ"
RAW_REQ=$(raw_id "${JID}_$REQUEUE_IDX")
scontrol requeue "${JID}_$REQUEUE_IDX" 2>"$S/log/requeue.err" ||
  fail "scontrol requeue ${JID}_$REQUEUE_IDX" "$(cat "$S/log/requeue.err")"
pass "scontrol requeue ${JID}_$REQUEUE_IDX after $N_REQ of $PER_SHARD runs"
check "requeued task ${JID}_$REQUEUE_IDX pending again, none of its processes left" none_left "${JID}_$REQUEUE_IDX" "$RAW_REQ" "PENDING REQUEUED REQUEUE_HOLD"

# 5b. Cancel another running task mid-shard and resubmit that index alone.
N_CAN=$(wait_mid_run "${JID}_$RESUBMIT_IDX" "$RESUBMIT_IDX") || fail "task ${JID}_$RESUBMIT_IDX caught mid-run" "$N_CAN"
RAW_CAN=$(raw_id "${JID}_$RESUBMIT_IDX")
scancel "${JID}_$RESUBMIT_IDX" || fail "scancel ${JID}_$RESUBMIT_IDX" "scancel failed"
pass "scancel ${JID}_$RESUBMIT_IDX after $N_CAN of $PER_SHARD runs"
check "cancelled task ${JID}_$RESUBMIT_IDX CANCELLED, none of its processes left" none_left "${JID}_$RESUBMIT_IDX" "$RAW_CAN" CANCELLED
JID2=$(SHARDS=$TASKS sbatch "${SB_OPTS[@]}" --array=$RESUBMIT_IDX "$TEMPLATE" 2>"$S/log/sbatch.err") ||
  fail "resubmit index $RESUBMIT_IDX" "$(cat "$S/log/sbatch.err")"
JID2=${JID2%%;*}
pass "SHARDS=$TASKS sbatch --array=$RESUBMIT_IDX templates/slurm-sweep.sh (job $JID2)"

# 6. The merge job, as the template's header gives it, after both submissions.
MJID=$(sbatch --parsable --dependency=afterany:$JID:$JID2 --export=ALL --output="$S/log/merge-%j.log" \
  --wrap 'npx vpsim merge "$OUT"/shard-* --out "$OUT/merged"' 2>"$S/log/sbatch.err") ||
  fail "sbatch merge job" "$(cat "$S/log/sbatch.err")"
MJID=${MJID%%;*}
pass "sbatch --dependency=afterany:$JID:$JID2 merge job (job $MJID)"

job_field() { scontrol show job -o "$1" 2>/dev/null | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n 1; }
while [ "$(left)" -gt 0 ]; do
  case $(job_field "$MJID" JobState) in COMPLETED | FAILED | CANCELLED | TIMEOUT | OUT_OF_MEMORY | NODE_FAIL) break ;; esac
  sleep 0.5
done
say "after $((SECONDS - T0)) s: $(squeue -h -r -t all -o '%i=%T' | tr '\n' ' ')"

# ---------------------------------------------------------------------------------------------
# 7. Checks on the outcome.
tasks_ok() {
  local k id st ec bad=
  for k in $(seq 0 $((TASKS - 1))); do
    id=${JID}_$k
    [ "$k" = "$RESUBMIT_IDX" ] && id=${JID2}_$k
    st=$(job_field "$id" JobState)
    ec=$(job_field "$id" ExitCode)
    [ "$st" = COMPLETED ] && [ "$ec" = 0:0 ] || bad+=" $id=$st($ec)"
  done
  st=$(job_field "$MJID" JobState)
  ec=$(job_field "$MJID" ExitCode)
  [ "$st" = COMPLETED ] && [ "$ec" = 0:0 ] || bad+=" merge $MJID=$st($ec)"
  WHY="not COMPLETED with exit 0:${bad}"
  [ -z "$bad" ]
}
check "every array task and the merge job completed with exit 0" tasks_ok

# The interrupted tasks continued from their finished runs (--resume) instead of starting over.
resumed() { # idx logfile runs-done-when-interrupted
  local line
  line=$(grep -h "^sweep mm1-cluster shard" "$2" 2>/dev/null | tail -n 1)
  local kept
  kept=$(sed -n 's/.* \([0-9]*\) already complete.*/\1/p' <<<"$line")
  WHY="log $(basename "$2") says '${line:-nothing}', expected at least $3 runs already complete"
  [ -n "$kept" ] && [ "$kept" -ge "$3" ]
}
check "requeued task ${JID}_$REQUEUE_IDX resumed with its $N_REQ+ finished runs" \
  resumed "$REQUEUE_IDX" "$S/log/vpsim-sweep-${JID}_$REQUEUE_IDX.log" "$N_REQ"
check "resubmitted task ${JID2}_$RESUBMIT_IDX resumed with its $N_CAN+ finished runs" \
  resumed "$RESUBMIT_IDX" "$S/log/vpsim-sweep-${JID2}_$RESUBMIT_IDX.log" "$N_CAN"

# Every runId in exactly one shard's results.csv, and the shards together hold the whole sweep.
ids() { tail -n +2 "$1" | cut -d, -f1 | sort; }
no_loss_no_dup() {
  local all dup
  all=$(for k in $(seq 0 $((TASKS - 1))); do ids "$OUT/shard-$k/results.csv"; done | sort)
  dup=$(uniq -d <<<"$all")
  WHY="duplicated runIds: ${dup:-none}; shards hold $(wc -l <<<"$all") rows, the sweep has $TOTAL"
  [ -z "$dup" ] && [ "$all" = "$(ids "$FULL/results.csv")" ]
}
check "each of the $TOTAL runs in exactly one shard (none lost, none duplicated)" no_loss_no_dup
WHY="$(diff "$FULL/results.csv" "$OUT/merged/results.csv" 2>&1 | head -n 20)"
check "merged results.csv == unsharded results.csv, byte for byte" cmp -s "$FULL/results.csv" "$OUT/merged/results.csv"

say "all checks passed"
