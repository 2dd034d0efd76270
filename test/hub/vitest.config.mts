// Runs the hub suites on their own: `npx vitest run --config test/hub/vitest.config.mts`.
// (The root vitest.config.mts needs a "hub" project for `npx vitest run test/hub` to find them.)
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/hub/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
