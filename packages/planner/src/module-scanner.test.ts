import { describe, expect, it } from 'vitest';
import { ModuleScanner } from './module-scanner.ts';

const mod = (order: number) => ({ order, title: `M{${order}} "quoted" ]`, summary: 's\\n', effortMinutes: 60, tasks: [{ order: 1, title: 't', stepId: null, effortMinutes: 10 }] });

describe('ModuleScanner', () => {
  it('reports each module as soon as it closes, whatever the chunking', () => {
    const json = JSON.stringify({ modules: [mod(1), mod(2)] });
    for (const size of [1, 3, 17, json.length]) {
      const scanner = new ModuleScanner();
      const seen: number[] = [];
      for (let i = 0; i < json.length; i += size) {
        scanner.push(json.slice(i, i + size));
        seen.push(scanner.wellFormedModules);
      }
      expect(scanner.wellFormedModules).toBe(2);
      const moduleClose = json.indexOf('}]}') + 2;
      // The first module counts before the text is complete.
      if (size < json.length) expect(seen[Math.floor(moduleClose / size)]).toBe(1);
      if (size === 1) expect(seen[moduleClose - 1]).toBe(0);
    }
  });
  it('does not count malformed modules or objects outside the modules array', () => {
    const scanner = new ModuleScanner();
    scanner.push('{"other":[{"order":1}],"modules":[{"order":1,"title":"x","summary":"y","effortMinutes":"60","tasks":[]},');
    scanner.push('{"order":2,"title":"x","summary":"y","effortMinutes":0,"tasks":[{"order":1,"title":"t","stepId":null,"effortMinutes":5}]}');
    expect(scanner.wellFormedModules).toBe(0);
    scanner.push(',' + JSON.stringify(mod(3)));
    expect(scanner.wellFormedModules).toBe(1);
  });
  it('counts nothing in an incomplete module', () => {
    const scanner = new ModuleScanner();
    scanner.push(JSON.stringify({ modules: [mod(1)] }).slice(0, 60));
    expect(scanner.wellFormedModules).toBe(0);
  });
});
