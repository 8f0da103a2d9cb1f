// Usage mistakes (unknown command, subcommand or option, a missing argument or option value, an
// extra argument, a bad choice) come out in the one-line shape of every input error, with the
// command line as the source: `vpsim: command line: WHERE: expected X, found Y`, exit 2, a
// did-you-mean where there is a near name, no stack trace, nothing written.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir, vpsim } from '../helpers/cli.js';

const MM1 = join(ROOT, 'scenarios/demo/mm1.yaml');

const cases: [string, string[], RegExp][] = [
  ['unknown option', ['run', MM1, '--sed', '3'], /^command line: --sed: expected an option of vpsim run \(see vpsim run --help\), found unknown option '--sed' \(did you mean '--seed'\?\)$/],
  ['unknown option without a near name', ['validate', MM1, '--zzzzzz'], /^command line: --zzzzzz: expected an option of vpsim validate \(see vpsim validate --help\), found unknown option '--zzzzzz'$/],
  ['unknown command', ['rnu', MM1], /^command line: rnu: expected a command \(run, validate, .*; see vpsim --help\), found unknown command 'rnu' \(did you mean 'run'\?\)$/],
  ['unknown subcommand', ['ledger', 'verfy', 'DIR'], /^command line: ledger verfy: expected a ledger command \(verify; e\.g\. vpsim ledger verify DIR\), found unknown subcommand 'verfy' \(did you mean 'verify'\?\)$/],
  ['missing positional argument', ['run'], /^command line: vpsim run: expected <scenario> \(vpsim run <scenario>; see vpsim run --help\), found nothing$/],
  ['missing second argument', ['diff', 'a'], /^command line: vpsim diff: expected <b> \(vpsim diff <a> <b>; see vpsim diff --help\), found nothing$/],
  ['missing subcommand argument', ['ledger', 'verify'], /^command line: vpsim ledger verify: expected <path> \(vpsim ledger verify <path>; see vpsim ledger verify --help\), found nothing$/],
  ['missing action', ['keys'], /^command line: vpsim keys: expected <action> .*, found nothing$/],
  ['no command', [], /^command line: expected a command \(run, .*\), found nothing$/],
  ['missing option value (last)', ['run', MM1, '--out'], /^command line: --out: expected a value after --out \(see vpsim run --help\), found nothing$/],
  ['missing option value (another option follows)', ['run', MM1, '--out', '--quiet'], /^command line: --out: expected a value after --out .*, found the option --quiet$/],
  ['empty output name', ['run', MM1, '--out='], /^--out: expected an output directory name, found an empty name$/],
  ['extra argument', ['run', MM1, 'extra.yaml'], /^command line: extra\.yaml: expected only the arguments of vpsim run <scenario> \(see vpsim run --help\), found unexpected argument 'extra\.yaml'$/],
  ['bad choice of a model', ['schema', 'mm2'], /^schema: models: expected one of .*mm1.*, found "mm2" \(did you mean 'mm1'\?\)$/],
  ['bad choice of a bench group', ['bench', 'kernl'], /^bench: groups: expected one of kernel, .*, found "kernl" \(did you mean 'kernel'\?\)$/],
  ['bad figure id', ['reproduce', 'fig99'], /^reproduce: expected a figure or table id .*, found 'fig99'$/],
];

describe('usage errors: one line, exit 2, the command line named as the source', () => {
  for (const [name, args, shape] of cases) {
    it(name, () => {
      const cwd = tempDir();
      const r = vpsim(args, { cwd });
      expect(r.code, r.stderr).toBe(2);
      const lines = r.stderr.split('\n').filter((l) => l !== '');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0].startsWith('vpsim: '), lines[0]).toBe(true);
      expect(lines[0].slice('vpsim: '.length)).toMatch(shape);
      expect(lines[0]).toMatch(/expected .+, found .+/);
      expect(r.stderr).not.toMatch(/\n\s+at |Error:|internal error/);
      expect(readdirSync(cwd)).toEqual([]);
    });
  }
});
