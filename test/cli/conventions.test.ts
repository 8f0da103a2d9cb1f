// CLI conventions: -v, help wrapped at the terminal width on word boundaries, did-you-mean for
// commands, subcommands and flags.
import { describe, expect, it } from 'vitest';
import { wrapHelp, wrapLine } from '../../src/cli/wrap-help.js';
import { closest, editDistance } from '../../src/util/suggest.js';
import { vpsim } from '../helpers/cli.js';
import { VERSION } from '../../src/version.js';

/** Every word of `src` appears whole in `out` (no word split over two lines). */
function wordsIntact(src: string, out: string): void {
  const outWords = new Set(out.split(/\s+/));
  for (const w of src.split(/\s+/).filter(Boolean)) expect(outWords.has(w), `word '${w}' was split`).toBe(true);
}

describe('vpsim CLI conventions', () => {
  it('-v prints the version', () => {
    const r = vpsim(['-v']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
  });

  for (const cols of [80, 100]) {
    it(`help at ${cols} columns: no line longer, no word broken`, () => {
      for (const args of [['--help'], ['sweep', '--help'], ['run', '--help'], ['schema', '--help']]) {
        const r = vpsim(args, { env: { COLUMNS: String(cols) } });
        expect(r.code, r.stderr).toBe(0);
        const wide = vpsim(args, { env: { COLUMNS: '1000' } }).stdout;
        for (const line of r.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(cols);
        wordsIntact(wide, r.stdout);
      }
    });
  }

  it('did-you-mean for commands, subcommands and flags', () => {
    const cmd = vpsim(['rnu', 'x.yaml']);
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toMatch(/unknown command 'rnu' \(did you mean 'run'\?\)/);
    const sub = vpsim(['ledger', 'check', 'DIR']);
    expect(sub.code).toBe(2);
    expect(sub.stderr).toMatch(/ledger check: expected a ledger command \(verify; e\.g\. vpsim ledger verify DIR\), found unknown subcommand 'check'/);
    expect(sub.stderr).not.toMatch(/Unknown argument: DIR/);
    const flag = vpsim(['sweep', 'x.yaml', '--dry-rn']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/unknown option '--dry-rn' \(did you mean '--dry-run'\?\)/);
    expect(flag.stderr).not.toMatch(/dryRn/);
  });
});

describe('helpers', () => {
  it('wrapLine keeps the hanging indent of the description column', () => {
    const l = '  --shard   run shard I of N (I/N, 1-based); N alone takes I from SLURM_ARRAY_TASK_ID  [string]';
    const out = wrapLine(l, 50);
    expect(out.every((x) => x.length <= 50 || !x.trim().includes(' '))).toBe(true);
    for (const x of out.slice(1)) expect(x.startsWith(' '.repeat(12))).toBe(true);
    wordsIntact(l, wrapHelp(l, 50));
  });
  it('edit distance counts a swap as one edit', () => {
    expect(editDistance('rnu', 'run')).toBe(1);
    expect(editDistance('validator', 'validators')).toBe(1);
    expect(closest('validator', ['validators', 'blockPeriodS'])).toBe('validators');
    expect(closest('xyz', ['validators'])).toBeUndefined();
  });
});
