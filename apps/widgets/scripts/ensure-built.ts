// Builds the widgets when a build is missing or older than any source (tests, `pnpm start`).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WIDGET_DIST_DIR, WIDGET_NAMES } from '../src/catalog.ts';
import { buildWidgets } from './build.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export function widgetsStale(): boolean {
  const sources = Math.max(newest(join(root, 'ui')), statSync(join(root, 'scripts', 'build.ts')).mtimeMs, statSync(join(root, 'package.json')).mtimeMs);
  return WIDGET_NAMES.some((name) => {
    try {
      return statSync(join(WIDGET_DIST_DIR, `${name}.html`)).mtimeMs < sources;
    } catch {
      return true;
    }
  });
}

export default async function setup(): Promise<void> {
  if (widgetsStale()) await buildWidgets({ quiet: true });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await setup();
