#!/bin/bash
# vpsim parameter sweep as a Slurm job array: array task k runs shard k of N into its own
# directory; a dependent job merges them.
#
#   export SWEEP=scenarios/sweeps/mm1-smoke.yaml OUT=$PWD/out/sweeps/mm1-smoke
#   jid=$(sbatch --parsable --export=ALL templates/slurm-sweep.sh)
#   sbatch --dependency=afterany:$jid --export=ALL --wrap 'npx vpsim merge "$OUT"/shard-* --out "$OUT/merged"'
#
# The number of shards is the size of --array (SLURM_ARRAY_TASK_COUNT); vpsim reads the shard
# index from SLURM_ARRAY_TASK_ID (counted from SLURM_ARRAY_TASK_MIN, so 0-15 and 1-16 both work).
# --resume makes a requeued or resubmitted task continue where it stopped instead of starting over:
# resubmit the same array (or just the failed indices, e.g. --array=3,7) after a time-out.
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
# module load nodejs/20   # if your cluster provides Node.js as a module

cd "${SLURM_SUBMIT_DIR:-$PWD}"
npx vpsim sweep "$SWEEP" \
  --shard "$SLURM_ARRAY_TASK_COUNT" \
  --workers "${SLURM_CPUS_PER_TASK:-1}" \
  --out "$OUT/shard-$SLURM_ARRAY_TASK_ID" \
  --resume
