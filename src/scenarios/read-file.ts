// Reads a YAML or JSON file whose top level must be a mapping, with InputErrors that name the file
// and the line. Shared by scenario files and sweep files.
import { extname } from 'node:path';
import YAML, { LineCounter } from 'yaml';
import { readTextBounded } from '../util/bounded-read.js';
import { InputError, describeValue } from '../util/errors.js';
import { isPlainObject } from './merge.js';

/** `what` names the kind of file in messages ("scenario", "sweep"). */
export function readMappingFile(path: string, shown: string, what: string): Record<string, unknown> {
  // bounded: a regular file under the input size limit (a device or FIFO is refused, never read)
  const text = readTextBounded(path, shown, `${what} file`);
  let doc: unknown;
  if (extname(path).toLowerCase() === '.json') {
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new InputError(shown, '', 'valid JSON', (err as Error).message);
    }
  } else {
    const parsed = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    if (parsed.errors.length > 0) {
      const e = parsed.errors[0];
      const where = e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '';
      throw new InputError(shown, where, 'valid YAML', e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''));
    }
    try {
      // alias expansion bounded (a "billion laughs" document is refused, not expanded)
      doc = parsed.toJS({ maxAliasCount: 1000 });
    } catch (err) {
      throw new InputError(shown, '', 'valid YAML with a bounded number of aliases', (err as Error).message.split('\n')[0]);
    }
  }
  if (!isPlainObject(doc)) throw new InputError(shown, '', `a mapping of ${what} fields at the top level`, describeValue(doc));
  return doc;
}

/** The 1-based line of a top-level key of a YAML or JSON file (for messages), or null. */
export function topLevelKeyLine(path: string, shown: string, key: string): number | null {
  const lc = new LineCounter();
  const doc = YAML.parseDocument(readTextBounded(path, shown, 'scenario file'), { lineCounter: lc });
  const map = doc.contents;
  if (!YAML.isMap(map)) return null;
  const pair = map.items.find((p) => YAML.isScalar(p.key) && p.key.value === key);
  const at = pair && YAML.isScalar(pair.key) ? pair.key.range?.[0] : undefined;
  return at === undefined ? null : lc.linePos(at).line;
}
