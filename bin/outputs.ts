import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import type { OutputFile } from '../constructs/platform/output-file';

/**
 * Writes each file under `dir` (its folders made as needed) and returns the paths written, in
 * order. The one place synth's extra output (reports, inventory, pictures, Backstage entities) is
 * written: the renderers in `constructs/` return content and never touch the disk.
 *
 * A path that is absolute or climbs out of `dir` is an Error before anything is written.
 */
export function writeOutputFiles(dir: string, files: readonly OutputFile[]): string[] {
  for (const f of files) {
    const n = normalize(f.path);
    if (f.path === '' || isAbsolute(f.path) || n === '..' || n.startsWith(`..${sep}`)) {
      throw new Error(`output file path '${f.path}' (under ${dir}): must be relative and stay inside the output folder`);
    }
  }
  return files.map((f) => {
    const file = join(dir, f.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, f.content);
    return file;
  });
}
