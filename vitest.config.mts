import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], environment: 'node', testTimeout: 30_000 } },
      // Fuzz runs (FUZZ_RUNS, 100,000 per property by default): part of `npm test`, not of `npm run check`.
      { test: { name: 'property', include: ['test/property/**/*.test.ts'], environment: 'node', testTimeout: 120_000 } },
    ],
  },
});
