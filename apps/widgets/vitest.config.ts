import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'widgets',
    include: ['src/**/*.test.ts'],
    // Builds the widgets first when their sources are newer than the build.
    globalSetup: ['./scripts/ensure-built.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
