// Runs `node bin/vpsim.js ARGS...` as a child process, as a user would, and reads back the child's
// CPU time (all threads), peak RSS and wall time (see child-usage.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const PRELOAD = fileURLToPath(new URL('./child-usage.js', import.meta.url));

export interface ChildUsage {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
}

export function runCliChild(args: string[], nodeFlags: string[] = []): ChildUsage {
  const dir = mkdtempSync(join(tmpdir(), 'vpsim-bench-cli-'));
  try {
    const usageFile = join(dir, 'usage.json');
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [...nodeFlags, '--import', PRELOAD, join(ROOT, 'bin', 'vpsim.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, VPSIM_USAGE_FILE: usageFile },
      stdio: ['ignore', 'ignore', 'pipe'],
      maxBuffer: 1 << 24,
    });
    const wallMs = performance.now() - t0;
    if (r.status !== 0) throw new Error(`vpsim ${args.join(' ')} exited with ${r.status}: ${String(r.stderr).slice(0, 500)}`);
    const u = JSON.parse(readFileSync(usageFile, 'utf8')) as { userCpuMs: number; systemCpuMs: number; maxRssMb: number };
    return { wallMs, cpuMs: u.userCpuMs + u.systemCpuMs, maxRssMb: u.maxRssMb };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A scratch output directory for a child run (removed by the caller). */
export function scratchDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
