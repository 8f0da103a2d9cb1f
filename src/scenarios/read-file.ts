// Reads a YAML or JSON file whose top level must be a mapping, with InputErrors that name the file
// and the line. Shared by scenario files and sweep files.
import { extname } from 'node:path';
import YAML from 'yaml';
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
