// Help text wrapped at the terminal width on word boundaries, with a hanging indent under the
// description column (yargs' own wrapping cuts words in the middle).

/** Column where a help line's description starts ("  --flag   text" -> index of "text"), or its indent. */
function hangingIndent(line: string): number {
  const m = /^(\s*\S+(?: \S+)*?)\s{2,}(?=\S)/.exec(line);
  if (m && m[1].trim().length > 0 && /^\s/.test(line)) return m[0].length;
  return /^\s*/.exec(line)![0].length;
}

export function wrapLine(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const indent = hangingIndent(line);
  const pad = ' '.repeat(indent);
  const out: string[] = [];
  let cur = line.slice(0, indent);
  let lineHasWord = false;
  for (const word of line.slice(indent).split(/ +/).filter((w) => w !== '')) {
    const sep = lineHasWord ? ' ' : '';
    if (lineHasWord && cur.length + sep.length + word.length > width) {
      out.push(cur);
      cur = pad + word;
    } else cur += sep + word;
    lineHasWord = true;
  }
  out.push(cur);
  return out;
}

/** Wraps every line of a help text to `width` columns without splitting a word. */
export function wrapHelp(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((l) => wrapLine(l.replace(/\s+$/, ''), width))
    .join('\n');
}
