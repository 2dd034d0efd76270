import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], environment: 'node', testTimeout: 30_000 } },
      // The committee hub against the real PostgreSQL (127.0.0.1:5432) and embedded PGlite.
      { test: { name: 'hub', include: ['test/hub/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 60_000 } },
      // Fuzz runs (FUZZ_RUNS, 100,000 per property by default): part of `npm test`, not of `npm run check`.
      { test: { name: 'property', include: ['test/property/**/*.test.ts'], environment: 'node', testTimeout: 120_000 } },
    ],
  },
});
