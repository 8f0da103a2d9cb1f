#!/bin/bash
# vpsim parameter sweep as a Slurm job array: array task k runs shard k+1 of N into $OUT/shard-k;
# a dependent job merges them. Submit from the vpsim directory (the tasks run `npx vpsim` there):
#
#   export SWEEP=scenarios/sweeps/mm1-smoke.yaml OUT=$PWD/out/sweeps/mm1-smoke
#   jid=$(sbatch --parsable --export=ALL templates/slurm-sweep.sh)
#   sbatch --dependency=afterany:$jid --export=ALL --wrap 'npx vpsim merge "$OUT"/shard-* --out "$OUT/merged"'
#
# Variables: SWEEP (the sweep file, required), OUT (default out/sweeps/<sweep name>), SHARDS (the
# number of shards N, default the size of the array; set it when resubmitting some indices only).
# The #SBATCH lines are defaults: options given to sbatch override them, e.g. --array=0-3 for 4
# shards, --array=0-999%50 for 1000 shards with at most 50 running, --cpus-per-task=1 on a small node.
# Array indices are shard numbers counted from 0: keep --array=0-(N-1).
#
# --resume makes a requeued or resubmitted task continue where it stopped instead of starting over.
# After a time-out or a cancel, resubmit just the missing indices with the sweep's shard count:
#   SHARDS=16 sbatch --export=ALL --array=3,7 templates/slurm-sweep.sh
#SBATCH --job-name=vpsim-sweep
#SBATCH --array=0-15
#SBATCH --cpus-per-task=8
#SBATCH --mem-per-cpu=2G
#SBATCH --time=04:00:00
#SBATCH --requeue
#SBATCH --output=vpsim-sweep-%A_%a.log
set -euo pipefail

: "${SWEEP:?set SWEEP to the sweep file}"
OUT=${OUT:-$PWD/out/sweeps/$(basename "$SWEEP" .yaml)}
SHARDS=${SHARDS:-$SLURM_ARRAY_TASK_COUNT}
# module load nodejs/20   # if your cluster provides Node.js as a module

cd "${SLURM_SUBMIT_DIR:-$PWD}"
npx vpsim sweep "$SWEEP" \
  --shard "$((SLURM_ARRAY_TASK_ID + 1))/$SHARDS" \
  --workers "${SLURM_CPUS_PER_TASK:-1}" \
  --out "$OUT/shard-$SLURM_ARRAY_TASK_ID" \
  --resume
