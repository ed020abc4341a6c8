import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createExampleApp } from '../../examples/app';
import { mermaidDiagram } from '../../examples/diagram';

function diagramOf(regions: string[]): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'diagram-test-'));
  return mermaidDiagram(createExampleApp(outdir, regions).synth());
}

describe('the diagram of the example watching every region', () => {
  const diagram = diagramOf(['*']);
  const lines = diagram.split('\n');

  test('draws the 16 forwarded regions as one box, not 16', () => {
    const subgraphs = lines.filter(line => line.trim().startsWith('subgraph '));
    expect(subgraphs.map(line => /\["(.*)"\]/.exec(line)?.[1])).toEqual([
      'us-east-2 (home region): stack BreakGlassExample',
      'each other watched region (16)',
    ]);
    expect(lines.filter(line => line.includes('canary schedule'))).toHaveLength(2);
  });

  test('joins only nodes and boxes it declares', () => {
    const declared = new Set(lines.map(line => /^\s*(?:subgraph )?(\w+)\[/.exec(line)?.[1]).filter(Boolean));
    const edges = lines.filter(line => /-->|-\.->/.test(line));
    expect(edges.length).toBeGreaterThan(5);
    for (const edge of edges) {
      const [from, to] = [edge.trim().split(' ')[0], edge.trim().split(' ').pop()];
      expect([from, declared.has(from), to, declared.has(to!)]).toEqual([from, true, to, true]);
    }
  });
});
