// Compiles the server to JavaScript for production: one ESM bundle at apps/server/dist/main.js,
// run with plain `node` (no tsx). The workspace packages (@cc/*) are bundled; npm packages stay
// external and load from node_modules as installed (`pnpm install --prod` is enough at run time).
//
// `import.meta.url`/`dirname`/`filename` keep meaning the SOURCE file's location, so folders found
// relative to the code (courses/, skills/, the web and widget builds) resolve as they do under tsx.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

const serverDir = path.resolve(import.meta.dirname, '..');
export const distDir = path.join(serverDir, 'dist');
const outfile = path.join(distDir, 'main.js');

/**
 * Bare imports other than the workspace's own stay external. The server's own dependencies keep
 * their names (node finds them in apps/server/node_modules). pnpm links any other package only into
 * the node_modules of the workspace package that depends on it (`pg` for @cc/db), where node could
 * not find it from apps/server/dist: those point at the file esbuild resolves, relative to the bundle.
 */
function externalPackages(serverDeps: Set<string>): Plugin {
  return {
    name: 'external-packages',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.path.startsWith('@cc/') || args.path.startsWith('node:') || args.pluginData === 'inner') return undefined;
        const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0]!;
        if (serverDeps.has(name)) return { path: args.path, external: true };
        const found = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'inner' });
        if (found.errors.length > 0) return { errors: found.errors };
        if (!path.isAbsolute(found.path)) return { path: args.path, external: true }; // a node builtin
        return { path: path.relative(distDir, found.path).split(path.sep).join('/'), external: true };
      });
    },
  };
}

const sourceLocation: Plugin = {
  name: 'source-location',
  setup(b) {
    b.onLoad({ filter: /\.tsx?$/ }, async (args) => {
      let contents = await readFile(args.path, 'utf8');
      if (contents.includes('import.meta.')) {
        const url = `new URL(${JSON.stringify(path.relative(distDir, args.path).split(path.sep).join('/'))}, import.meta.url)`;
        contents = contents
          .replaceAll('import.meta.url', `${url}.href`)
          .replaceAll('import.meta.dirname', `__ccDirname(${url})`)
          .replaceAll('import.meta.filename', `__ccFilename(${url})`);
      }
      return { contents, loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
    });
  },
};

export async function buildServer(): Promise<string> {
  const pkg = JSON.parse(await readFile(path.join(serverDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const serverDeps = new Set(Object.keys(pkg.dependencies).filter((n) => !n.startsWith('@cc/')));
  await build({
    entryPoints: [path.join(serverDir, 'src/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    sourcemap: true,
    logLevel: 'warning',
    plugins: [externalPackages(serverDeps), sourceLocation],
    banner: {
      js: [
        "import { fileURLToPath as __ccToPath } from 'node:url';",
        "import { dirname as __ccDir } from 'node:path';",
        'const __ccFilename = (u) => __ccToPath(u);',
        'const __ccDirname = (u) => __ccDir(__ccToPath(u));',
      ].join('\n'),
    },
  });
  return outfile;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = await buildServer();
  process.stdout.write(`built ${path.relative(process.cwd(), file)}\n`);
}
