// contracts/mcp-tools.json and contracts/chatgpt-app.json equal what the registry renders
// (run `pnpm contracts` after changing a tool), and the submission file is complete.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderAppSubmission, renderToolCatalog } from './contracts.ts';
import { TOOLS } from './tools/index.ts';

const contractsDir = path.resolve(import.meta.dirname, '../../../contracts');
const committed = (name: string) => readFile(path.join(contractsDir, name), 'utf8');

describe('MCP contracts', () => {
  it('contracts/mcp-tools.json is the rendered tool catalogue (run pnpm contracts)', async () => {
    expect(await committed('mcp-tools.json')).toBe(renderToolCatalog());
  });

  it('contracts/chatgpt-app.json is the rendered submission file (run pnpm contracts)', async () => {
    expect(await committed('chatgpt-app.json')).toBe(renderAppSubmission());
  });

  it('the submission has category EDUCATION, every tool with its hints justified, 5 positive and 3 negative prompts naming real tools', () => {
    const app = JSON.parse(renderAppSubmission());
    expect(app.app.category).toBe('EDUCATION');
    expect(app.tools.map((t: { name: string }) => t.name)).toEqual(TOOLS.map((t) => t.name));
    for (const t of app.tools) {
      expect(t.justification.length, t.name).toBeGreaterThan(20);
      expect(Object.keys(t.annotations).sort()).toEqual(['destructiveHint', 'idempotentHint', 'openWorldHint', 'readOnlyHint']);
    }
    expect(app.testPrompts.positive).toHaveLength(5);
    expect(app.testPrompts.negative).toHaveLength(3);
    const names = new Set(TOOLS.map((t) => t.name));
    for (const p of app.testPrompts.positive) for (const tool of p.expect) expect(names.has(tool), tool).toBe(true);
  });

  it('read-only tools change nothing; only the tools that reach the plan provider are open-world; only the tools that delete or overwrite what the learner wrote are destructive', () => {
    // create_plan and retry_plan send the learner's topic and notes to the configured model provider.
    const reachProvider = ['create_plan', 'retry_plan'];
    const destructive = ['remove_bookmark', 'update_note', 'delete_note'];
    for (const t of TOOLS) {
      expect(t.hints.openWorldHint, t.name).toBe(reachProvider.includes(t.name));
      expect(t.hints.destructiveHint, t.name).toBe(destructive.includes(t.name));
      if (t.hints.readOnlyHint) expect(t.hints.idempotentHint, t.name).toBe(true);
    }
  });
});
