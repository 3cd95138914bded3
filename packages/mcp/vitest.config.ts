import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'mcp',
    include: ['src/**/*.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 180_000,
    // widgets.test.ts reads the built widgets: build them first when stale.
    globalSetup: ['../../apps/widgets/scripts/ensure-built.ts'],
  },
});
