// Builds each widget (ui/<name>/index.html) into ONE self-contained HTML file, dist/<name>.html:
// scripts and styles inlined by vite-plugin-singlefile, no external src or href. The build goes to
// a temporary directory and each file is renamed into place, so a reader never sees half a file.
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import { viteSingleFile } from 'vite-plugin-singlefile';
import { WIDGET_DIST_DIR, WIDGET_NAMES } from '../src/catalog.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function buildWidgets(options: { quiet?: boolean } = {}): Promise<void> {
  mkdirSync(WIDGET_DIST_DIR, { recursive: true });
  const tmp = mkdtempSync(join(WIDGET_DIST_DIR, '.build-'));
  // Vite and the React plugin choose development builds from NODE_ENV (vitest sets `test`, which
  // made the widgets 45 % larger and served them so): a widget build is always a production build.
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    for (const name of WIDGET_NAMES) {
      const out = join(tmp, name);
      await build({
        root: join(root, 'ui', name),
        configFile: false,
        logLevel: options.quiet ? 'error' : 'warn',
        plugins: [react(), viteSingleFile({ removeViteModuleLoader: true })],
        build: { outDir: out, emptyOutDir: true, target: 'es2022', sourcemap: false, reportCompressedSize: false },
      });
      // Written whole to a temporary name in the same directory, then renamed: atomic on POSIX.
      const staged = join(WIDGET_DIST_DIR, `.${name}.html.tmp`);
      writeFileSync(staged, readFileSync(join(out, 'index.html')));
      renameSync(staged, join(WIDGET_DIST_DIR, `${name}.html`));
    }
  } finally {
    if (nodeEnv === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = nodeEnv;
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  await buildWidgets();
  console.log(`widgets built into ${WIDGET_DIST_DIR} in ${Date.now() - started} ms`);
}
