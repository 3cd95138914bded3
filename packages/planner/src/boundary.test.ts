// The planner is the only code that talks to a language model, and only the server's composition
// root uses the planner. Scans every workspace source file and manifest.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
/** Packages that are language-model clients (SDKs of providers and LLM frameworks). */
const LLM_CLIENT = /^(openai|@openai\/.*|@anthropic-ai\/.*|@google\/(genai|generative-ai)|@google-cloud\/vertexai|ai|@ai-sdk\/.*|langchain|@langchain\/.*|llamaindex|cohere-ai|@mistralai\/.*|groq-sdk|ollama|together-ai|replicate|@huggingface\/inference|@aws-sdk\/client-bedrock.*)$/;
const PLANNER = /^@cc\/planner(\/.*)?$/;

/** Every module specifier a source file imports, statically or dynamically. */
export function importsOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [/\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1]!);
  return found;
}

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sourceFiles(full)));
    else if (/\.(m|c)?[tj]sx?$/.test(entry.name)) out.push(full);
  }
  return out;
}

async function workspacePackages(): Promise<string[]> {
  const dirs: string[] = [];
  for (const group of ['apps', 'packages']) {
    for (const entry of await readdir(path.join(root, group), { withFileTypes: true })) if (entry.isDirectory()) dirs.push(path.join(group, entry.name));
  }
  return dirs;
}

describe('LLM isolation', () => {
  it('finds static, side-effect, dynamic and require imports (the scan can fail)', () => {
    expect(importsOf(`import OpenAI from 'openai';\nimport "x";\nconst m = await import('@anthropic-ai/sdk');\nrequire("ai")`)).toEqual(['openai', 'x', '@anthropic-ai/sdk', 'ai']);
    expect(['openai', '@ai-sdk/openai', '@langchain/core'].every((s) => LLM_CLIENT.test(s))).toBe(true);
    expect(LLM_CLIENT.test('openapi3-ts')).toBe(false);
  });

  it('no package but @cc/planner imports an LLM client; only the composition root imports @cc/planner', async () => {
    const offences: string[] = [];
    for (const pkg of await workspacePackages()) {
      const files = await sourceFiles(path.join(root, pkg));
      for (const file of files) {
        const rel = path.relative(root, file);
        for (const spec of importsOf(await readFile(file, 'utf8'))) {
          if (LLM_CLIENT.test(spec) && pkg !== 'packages/planner') offences.push(`${rel} imports ${spec}`);
          if (PLANNER.test(spec) && pkg !== 'packages/planner') {
            const composition = rel === path.join('apps', 'server', 'src', 'compose.ts');
            // Tests may start the planner's fake provider (a loopback HTTP server, not an LLM client).
            // The fake provider also serves the measuring scripts (pnpm bench, pnpm cost:measure), on loopback.
            const measuring = path.dirname(rel) === path.join('apps', 'server', 'scripts');
            const fakeInTest = spec === '@cc/planner/testing' && (/\.test\.ts$/.test(rel) || measuring);
            if (!composition && !fakeInTest) offences.push(`${rel} imports ${spec}`);
          }
        }
      }
      const manifest = JSON.parse(await readFile(path.join(root, pkg, 'package.json'), 'utf8').catch(() => '{}')) as Record<string, Record<string, string> | undefined>;
      const deps = Object.keys({ ...manifest['dependencies'], ...manifest['devDependencies'], ...manifest['peerDependencies'] });
      for (const dep of deps) {
        if (LLM_CLIENT.test(dep) && pkg !== 'packages/planner') offences.push(`${pkg}/package.json depends on ${dep}`);
        if (PLANNER.test(dep) && pkg !== 'apps/server') offences.push(`${pkg}/package.json depends on ${dep}`);
      }
    }
    const rootManifest = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    for (const dep of Object.keys({ ...rootManifest['dependencies'], ...rootManifest['devDependencies'] })) if (LLM_CLIENT.test(dep)) offences.push(`package.json depends on ${dep}`);
    expect(offences).toEqual([]);
  });
});
