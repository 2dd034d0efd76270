// Lint enforces the architecture's boundary rules, not only style:
// - only the shell (files directly in src/main/, and src/preload/) may import electron;
// - the renderer and src/shared never touch Node, native modules or devices.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const electronOnlyInShell = {
  name: 'electron',
  message: 'Only the Electron shell (files directly in src/main/, and src/preload/) may import electron. Put logic in the core and inject what it needs.',
};
const nativeModules = ['better-sqlite3', 'serialport', '@serialport/*', 'node-hid', 'ws'];
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['out/**', 'out-*/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'test/fixtures/lint/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      'no-restricted-imports': ['error', { paths: [electronOnlyInShell] }],
    },
  },
  {
    files: ['src/main/*.ts', 'src/preload/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Tests of the shell may name Electron's types (a fake ipcMain), never load the module.
    files: ['test/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ ...electronOnlyInShell, allowTypeImports: true }] }] },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'src/shared/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            electronOnlyInShell,
            ...nodeBuiltins.map((name) => ({ name, message: 'The renderer and src/shared run in a browser: no Node built-ins. Call the gate contract.' })),
          ],
          patterns: [{ group: nativeModules, message: 'Native modules and devices belong to the core in src/main; call the gate contract.' }],
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
);
