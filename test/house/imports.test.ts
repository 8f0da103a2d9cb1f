// The house rules (docs/CONVENTIONS.md) checked by dependency-cruiser: imports only point down and
// form no circles. The same config runs on src/ in `npm test`; here it is also shown to fail on a
// copy of src/ with an agent -> models import and with a circle added.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

function cruise(cwd: string): { ok: boolean; out: string } {
  try {
    const out = execFileSync(process.execPath, [CLI, 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { ok: true, out };
  } catch (e: any) {
    return { ok: false, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

function copyOfHouse(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vpsim-house-'));
  scratch.push(dir);
  cpSync(join(ROOT, 'src'), join(dir, 'src'), { recursive: true });
  for (const f of ['.dependency-cruiser.cjs', 'tsconfig.json', 'package.json']) cpSync(join(ROOT, f), join(dir, f));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

describe('import rules', () => {
  it('hold for src/', () => {
    const r = cruise(ROOT);
    expect(r.out).toMatch(/no dependency violations/);
    expect(r.ok).toBe(true);
  });

  it('fail on an agent that imports a model', () => {
    const dir = copyOfHouse();
    writeFileSync(join(dir, 'src/agents/upward.ts'), "import { models } from '../models/registry.js';\nexport const n = Object.keys(models).length;\n");
    const r = cruise(dir);
    expect(r.ok).toBe(false);
    expect(r.out).toMatch(/agents-imports-down-only: src\/agents\/upward\.ts → src\/models\/registry\.ts/);
  });

  it('fail on an import circle', () => {
    const dir = copyOfHouse();
    writeFileSync(join(dir, 'src/grid/circle-a.ts'), "import { b } from './circle-b.js';\nexport const a = (): number => b() + 1;\n");
    writeFileSync(join(dir, 'src/grid/circle-b.ts'), "import { a } from './circle-a.js';\nexport const b = (): number => (a.length > 9 ? a() : 0);\n");
    const r = cruise(dir);
    expect(r.ok).toBe(false);
    expect(r.out).toMatch(/no-circular/);
  });

  it('fail on a domain module that imports an agent', () => {
    const dir = copyOfHouse();
    writeFileSync(join(dir, 'src/ledger/upward.ts'), "import { ValidatorAgent } from '../agents/validator.js';\nexport const V = ValidatorAgent;\n");
    const r = cruise(dir);
    expect(r.ok).toBe(false);
    expect(r.out).toMatch(/domain-imports-down-only/);
  });
});

describe('file names', () => {
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? (n === 'node_modules' ? [] : walk(join(d, n))) : [join(d, n)]));
  it.each(['src', 'test'])('in %s/ are kebab-case', (top) => {
    const bad = walk(join(ROOT, top))
      .filter((f) => /\.(ts|mts|js|mjs)$/.test(f))
      .map((f) => relative(ROOT, f))
      .filter((f) => f.split('/').some((part) => !/^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+)*$/.test(part)));
    expect(bad).toEqual([]);
  });
});
