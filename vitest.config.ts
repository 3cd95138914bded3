import { defineConfig } from 'vitest/config';
import { projects } from './vitest.workspace.ts';

export default defineConfig({
  test: {
    projects,
    // In CI also write a machine-readable report; .ci/run prints its totals as a plain line.
    ...(process.env.CI && {
      reporters: ['default', 'json'],
      outputFile: { json: '.tmp/vitest-report.json' },
    }),
  },
});
