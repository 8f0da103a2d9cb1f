// Reads a YAML or JSON file whose top level must be a mapping, with InputErrors that name the file
// and the line. Shared by scenario files and sweep files.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import YAML from 'yaml';
import { InputError, describeValue } from '../util/errors.js';
import { isPlainObject } from './merge.js';

/** `what` names the kind of file in messages ("scenario", "sweep"). */
export function readMappingFile(path: string, shown: string, what: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(shown, '', `a readable ${what} file`, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : String(code));
  }
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
    doc = parsed.toJS();
  }
  if (!isPlainObject(doc)) throw new InputError(shown, '', `a mapping of ${what} fields at the top level`, describeValue(doc));
  return doc;
}
