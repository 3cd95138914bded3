import { defineProject } from 'vitest/config';

// The browser tests build the app, start the real server and drive Debian's Chromium.
export default defineProject({
  test: {
    name: 'web',
    include: ['src/**/*.test.ts', 'e2e/**/*.test.ts'],
    testTimeout: 900_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    globalSetup: ['e2e/global-setup.ts'],
  },
});
