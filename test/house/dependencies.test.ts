// Dependencies: every runtime dependency is used by src/ (a package listed for a job must do it),
// and every locked package installs without an engine warning (npm's EBADENGINE) on the Node
// versions package.json `engines` admits and on the Node running this test.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

// npm's own range semantics (the two functions used here, typed locally: no @types package for a test)
const semver = createRequire(import.meta.url)('semver') as { satisfies(v: string, range: string): boolean; minVersion(range: string): { version: string } | null };
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string }; dependencies: Record<string, string> };
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean; os?: string[]; cpu?: string[] }> };

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('dependencies', () => {
  it('every runtime dependency in package.json is imported by src/ (ml-matrix, simple-statistics, cli-table3, ...)', () => {
    const text = sources(join(ROOT, 'src')).map((f) => readFileSync(f, 'utf8')).join('\n');
    const unused = Object.keys(pkg.dependencies).filter((d) => !new RegExp(`(from |import\\()'${d.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(/[^']*)?'`).test(text));
    expect(unused).toEqual([]);
  });

  it('every locked package admits the lowest Node that engines allows, and this Node (no EBADENGINE on npm ci)', () => {
    const lowest = semver.minVersion(pkg.engines.node)!.version;
    expect(semver.satisfies(process.version, pkg.engines.node), `this Node ${process.version} is outside engines ${pkg.engines.node}`).toBe(true);
    const bad: string[] = [];
    for (const [path, p] of Object.entries(lock.packages)) {
      const range = p.engines && !Array.isArray(p.engines) ? p.engines.node : undefined;
      // platform-specific optional binaries (os/cpu) are skipped by npm on other machines, not warned about here
      if (!range || path === '' || (p.optional && (p.os || p.cpu))) continue;
      for (const v of [lowest, process.version]) if (!semver.satisfies(v, range)) bad.push(`${path} wants node ${range}, not ${v}`);
    }
    expect(bad).toEqual([]);
  });

  it('the check can fail: a package that wants Node 22 is caught at the lowest admitted Node', () => {
    expect(semver.satisfies(semver.minVersion(pkg.engines.node)!.version, '>=22')).toBe(false);
    expect(semver.satisfies(semver.minVersion('>=20')!.version, '^20.19.0 || >=22.12.0')).toBe(false);
  });
});
