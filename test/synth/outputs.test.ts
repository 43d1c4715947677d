import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeOutputFiles } from '../../bin/outputs';

describe('writeOutputFiles (bin/outputs.ts)', () => {
  test('writes each file under the folder, making its folders, and returns the paths in order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'outputs-'));
    const written = writeOutputFiles(join(dir, 'out'), [
      { path: 'a/b/c.json', content: '{"x":1}\n' },
      { path: 'top.md', content: '# t\n' },
    ]);
    expect(written).toEqual([join(dir, 'out', 'a', 'b', 'c.json'), join(dir, 'out', 'top.md')]);
    expect(readFileSync(written[0], 'utf8')).toBe('{"x":1}\n');
    expect(readFileSync(written[1], 'utf8')).toBe('# t\n');
  });

  test.each(['../escape.txt', 'a/../../escape.txt', '/etc/escape.txt', ''])('path %p: an Error naming it, and nothing written', (path) => {
    const dir = mkdtempSync(join(tmpdir(), 'outputs-'));
    const out = join(dir, 'out');
    expect(() => writeOutputFiles(out, [{ path: 'fine.txt', content: 'x' }, { path, content: 'x' }]))
      .toThrow(`output file path '${path}' (under ${out}): must be relative and stay inside the output folder`);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});
