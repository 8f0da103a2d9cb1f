// run.json: where a run came from (command line, vpsim version, git commit when run from a
// checkout, Node version, seed, keystore fingerprint, start and end time). Wall-clock and
// machine facts live here only, never in summary.json, so determinism checks skip this file.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let argv: string[] | null = null;

/** The CLI records its arguments here (main.ts); run.json reports them. */
export function setInvocation(args: readonly string[]): void {
  argv = [...args];
}

export function invocation(): string[] {
  return ['vpsim', ...(argv ?? process.argv.slice(2))];
}

let commit: { commit: string | null; dirty: boolean | null } | undefined;

/** The git commit of the vpsim checkout this code runs from, or null outside a checkout. */
export function gitCommit(): { commit: string | null; dirty: boolean | null } {
  if (commit) return commit;
  const root = fileURLToPath(new URL('../../', import.meta.url));
  commit = { commit: null, dirty: null };
  if (!existsSync(`${root}.git`)) return commit;
  try {
    const head = execFileSync('git', ['-C', root, 'rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
    const status = execFileSync('git', ['-C', root, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
    commit = { commit: /^[0-9a-f]{40}$/.test(head) ? head : null, dirty: status.trim() !== '' };
  } catch {
    /* no git: leave null */
  }
  return commit;
}

export interface Provenance {
  command: string[];
  vpsimVersion: string;
  gitCommit: string | null;
  gitDirty: boolean | null;
  node: string;
  platform: string;
  scenarioFile: string;
  scenarioHash: string;
  seed: number;
  overrides: string[];
  keystoreFingerprint: string | null;
  startedAt: string;
  endedAt: string;
}

export function provenance(p: Omit<Provenance, 'command' | 'gitCommit' | 'gitDirty' | 'node' | 'platform'>): Provenance {
  const g = gitCommit();
  return {
    command: invocation(),
    vpsimVersion: p.vpsimVersion,
    gitCommit: g.commit,
    gitDirty: g.dirty,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    scenarioFile: p.scenarioFile,
    scenarioHash: p.scenarioHash,
    seed: p.seed,
    overrides: p.overrides,
    keystoreFingerprint: p.keystoreFingerprint,
    startedAt: p.startedAt,
    endedAt: p.endedAt,
  };
}
