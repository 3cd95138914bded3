// The list of test projects. Vitest 5 no longer reads this file on its own, so
// vitest.config.ts imports it; keep every package with tests listed here.
export const projects = [
  'packages/core',
  'packages/content',
  'packages/db',
  'packages/mcp',
  'packages/planner',
  'apps/server',
  'apps/web',
];
export default projects;
