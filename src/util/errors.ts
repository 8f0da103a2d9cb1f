// User mistakes get a clear message and an exit code; they never show a stack trace.

/** Invalid input: exit code 2. Names the file, the field path, what was expected and what was found. */
export class InputError extends Error {
  readonly exitCode = 2;
  constructor(
    readonly file: string,
    readonly path: string,
    readonly expected: string,
    readonly found: string
  ) {
    super(`${file}: ${path ? `${path}: ` : ''}expected ${expected}, found ${found}`);
    this.name = 'InputError';
  }
}

/** An integrity check failed (for example a tampered ledger): exit code 3. */
export class IntegrityError extends Error {
  readonly exitCode = 3;
  constructor(message: string) {
    super(message);
    this.name = 'IntegrityError';
  }
}

/** Describes a value briefly for an error message. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? v.slice(0, 57) + '...' : v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  return typeof v;
}

/**
 * Several invalid inputs found at once (exit code 2): `vpsim validate` and `run` report every
 * problem of a scenario, one line each, instead of stopping at the first.
 */
export class InputErrors extends InputError {
  /** The fields of the first problem are this error's own (file, path, expected, found). */
  constructor(readonly problems: InputError[]) {
    const first = problems[0];
    super(first.file, first.path, first.expected, first.found);
    this.message = problems.map((p) => p.message).join('\nvpsim: ');
    this.name = 'InputErrors';
  }
}

/** Runs each check, collecting InputErrors (other errors propagate). */
export function collectInputErrors(checks: (() => void)[]): InputError[] {
  const out: InputError[] = [];
  for (const c of checks) {
    try {
      c();
    } catch (err) {
      if (err instanceof InputErrors) out.push(...err.problems);
      else if (err instanceof InputError) out.push(err);
      else throw err;
    }
  }
  return out;
}

/** An environment problem (disk full, read-only, busy, no permission, broken pipe): exit code 1, one line. */
export class EnvironmentError extends Error {
  readonly exitCode = 1;
  constructor(message: string, readonly code?: string) {
    super(message);
    this.name = 'EnvironmentError';
  }
}
