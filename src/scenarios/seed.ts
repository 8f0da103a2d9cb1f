// `--seed` as the user typed it: a non-negative integer, never '' silently taken as 0.
import { InputError } from '../util/errors.js';

export function parseSeed(text: string | number | undefined): number | undefined {
  if (text === undefined) return undefined;
  const s = String(text).trim();
  if (!/^\d{1,16}$/.test(s) || !Number.isSafeInteger(Number(s))) throw new InputError('--seed', '', 'a non-negative integer', /^\S+$/.test(String(text)) ? String(text) : JSON.stringify(String(text)));
  return Number(s);
}
