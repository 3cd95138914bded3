import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'content', include: ['src/**/*.test.ts'], testTimeout: 90_000, hookTimeout: 180_000 },
});
