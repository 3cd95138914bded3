// Outside tools against the running server: the official MCP Inspector CLI lists the tools,
// resources and prompts, and @modelcontextprotocol/conformance passes its generic server
// scenarios. (The suite's other server scenarios call its own fixture tools, resources and
// prompts, e.g. test_simple_text; a product server does not have them: see the README.)
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderSkillLibrary, toolNames, TOOLS } from '@cc/mcp';
import { testDatabases } from '@cc/db/testing';
import { repoSkillsDir } from './config.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));
const inspectorCli = path.join(packageDir('@modelcontextprotocol/inspector'), 'clients/launcher/build/index.js');
const conformanceCli = path.join(packageDir('@modelcontextprotocol/conformance'), 'dist/index.js');

export const GENERIC_SCENARIOS = ['server-initialize', 'ping', 'tools-list', 'resources-list', 'prompts-list', 'dns-rebinding-protection'];

describe.each(testDatabases().slice(0, 1))('MCP interoperability on $name', (database) => {
  let server: TestServer;
  let url: string;
  beforeAll(async () => {
    const skills = await FolderSkillLibrary.load(repoSkillsDir, { knownTools: toolNames() });
    server = await startTestServer({ database: await database.open(), skills });
    url = `${server.url}/mcp`;
  });
  afterAll(() => server?.close());

  // The server runs in this process: children must not block it, so always execFile (async).
  const inspector = async (method: string) => {
    const { stdout } = await run(process.execPath, [inspectorCli, '--cli', url, '--method', method], { timeout: 60_000 });
    return JSON.parse(stdout) as Record<string, { name: string; uri?: string }[]>;
  };

  it('the MCP Inspector CLI lists the tools, resources and prompts', async () => {
    expect((await inspector('tools/list')).tools!.map((t) => t.name)).toEqual(TOOLS.map((t) => t.name));
    expect((await inspector('resources/list')).resources!.map((r) => r.uri)).toContain('skill://quiz-master/SKILL.md');
    expect((await inspector('prompts/list')).prompts!.map((p) => p.name)).toContain('socratic-tutor');
  });

  it.each(GENERIC_SCENARIOS)('conformance scenario %s passes', async (scenario) => {
    const { stdout } = await run(process.execPath, [conformanceCli, 'server', '--url', url, '--scenario', scenario], { timeout: 120_000 }).catch(
      (e: { stdout?: string; stderr?: string }) => {
        throw new Error(`conformance ${scenario} failed:\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
      },
    );
    const totals = /Passed: (\d+)\/(\d+), (\d+) failed/.exec(stdout);
    expect(totals, stdout).not.toBeNull();
    expect(Number(totals![1]), stdout).toBeGreaterThan(0);
    expect(totals![1], stdout).toBe(totals![2]);
    expect(totals![3]).toBe('0');
  });
});
