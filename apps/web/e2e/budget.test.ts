// The first load of a step page ships at most 200 KB of gzip-compressed JavaScript: the entry chunk
// (which holds the step route) and every chunk it imports statically, read from Vite's manifest.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { webRoot } from './global-setup.ts';

const BUDGET_BYTES = 200 * 1024;

interface Chunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

describe('bundle budget', () => {
  it('keeps the step page first load within 200 KB of gzip JavaScript', () => {
    const dist = path.join(webRoot, 'dist');
    const manifest = JSON.parse(readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;
    const entry = manifest['index.html'];
    expect(entry?.isEntry).toBe(true);
    const files = new Set<string>();
    const visit = (key: string) => {
      const chunk = manifest[key];
      if (!chunk || files.has(chunk.file)) return;
      files.add(chunk.file);
      chunk.imports?.forEach(visit);
    };
    visit('index.html');
    // The step page is part of the first load, not a lazy chunk.
    expect(Object.keys(manifest).some((k) => k.includes('StepPage') && !manifest[k]?.isEntry)).toBe(false);
    let total = 0;
    for (const file of files) total += gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length;
    console.log(`step page first load: ${files.size} JS file(s), ${(total / 1024).toFixed(1)} KB gzip (budget ${BUDGET_BYTES / 1024} KB)`);
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
  });
});
