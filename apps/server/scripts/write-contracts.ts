// Regenerates everything in contracts/ from the code. Run: pnpm contracts
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderBundleJsonSchema } from '@cc/content';
import { renderAppSubmission, renderToolCatalog } from '@cc/mcp';
import { contractsDir, renderOpenApi } from '../src/contracts.ts';

const files: Record<string, string> = {
  'openapi.json': renderOpenApi(),
  'course-bundle.schema.json': renderBundleJsonSchema(),
  'mcp-tools.json': renderToolCatalog(),
  'chatgpt-app.json': renderAppSubmission(),
};
for (const [name, text] of Object.entries(files)) {
  await writeFile(path.join(contractsDir, name), text);
  process.stdout.write(`wrote contracts/${name}\n`);
}
