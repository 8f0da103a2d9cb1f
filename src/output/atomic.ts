// Atomic writes: everything goes to a temporary name first and is renamed into place, so an
// interrupted run never leaves a half-written file that looks complete. Whole output directories
// follow the output policy in src/output (marker file; only files vpsim wrote are replaced).
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';

export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true }); // a full disk or a failed rename leaves no temporary file
    throw err;
  }
}
