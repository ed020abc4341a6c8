import * as fs from 'fs';
import * as path from 'path';

const SRC = path.join(__dirname, '..', 'src');

/** Every source file under `src/`, relative to it, without `.ts`. */
function sourceFiles(dir = SRC): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return sourceFiles(full);
    }
    return entry.name.endsWith('.ts') ? [path.relative(SRC, full).replace(/\.ts$/, '')] : [];
  });
}

/** The files of `src/` a file imports, type-only imports too. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(SRC, `${file}.ts`), 'utf-8');
  return [...text.matchAll(/^import [^;]*? from '(\.[^']+)';/gms)]
    .map(match => path.normalize(path.join(path.dirname(file), match[1])))
    .map(target => (fs.existsSync(path.join(SRC, `${target}.ts`)) ? target : path.join(target, 'index')));
}

/** Each import cycle of a graph (file to the files it imports), as the files it passes through. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const visit = (file: string, trail: string[]) => {
    const at = trail.indexOf(file);
    if (at >= 0) {
      found.push([...trail.slice(at), file]);
      return;
    }
    if (done.has(file)) {
      return;
    }
    for (const next of graph.get(file) ?? []) {
      visit(next, [...trail, file]);
    }
    done.add(file);
  };
  [...graph.keys()].forEach(file => visit(file, []));
  return found;
}

test('the source has no import cycle', () => {
  const files = sourceFiles();
  // The graph is read: the public files and the internals are all there.
  expect(files).toEqual(expect.arrayContaining(['index', 'break-glass-watch', 'private/regions/forwarding']));
  expect(importsOf('break-glass-role')).toContain('break-glass-watch');
  expect(cycles(new Map(files.map(file => [file, importsOf(file)])))).toEqual([]);
});

test('the cycle finder finds a cycle, once', () => {
  const graph = new Map([['a', ['b']], ['b', ['c']], ['c', ['a', 'd']], ['d', []]]);
  expect(cycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
  expect(cycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
});
