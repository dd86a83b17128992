// ESLint (flat config): the recommended JS, TypeScript and Svelte rules, unused variables as
// errors, and the layer rules of the architecture as import restrictions:
// - the engine (src-main/engine) imports nothing from Electron, the file system or the UI, and uses
//   no DOM globals: it is pure numerics that runs in worker threads and in the CLI;
// - the renderer imports nothing from src-main: it reaches main only through window.api.
// `npm run lint` runs it; test/lint.test.ts checks that the layer rules fire.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Imports the engine may not use: Electron and the file system (any spelling). */
const ENGINE_FORBIDDEN = [
  { regex: '^electron(/.*)?$', message: 'The engine is pure numerics: no Electron (it runs in worker threads and in the CLI).' },
  { regex: '^(node:)?fs(/.*)?$', message: 'The engine does not touch the disk: main services read and write files.' },
  { regex: '(^|/)src-renderer(/|$)', message: 'The engine does not import UI code.' },
];
/** DOM globals the engine may not use. */
const DOM_GLOBALS = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'location', 'HTMLElement', 'Element'].map((name) => ({
  name,
  message: 'The engine has no DOM: it runs in worker threads and in the CLI.',
}));

export default tseslint.config(
  { ignores: ['out/', 'dist/', 'node_modules/', 'build/', '.vitest-cache/', 'test/e2e/.output/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
    rules: {
      // Renderer state holds plain Map/Set values in $state.raw or $derived and replaces them whole
      // (the house style for large data); Svelte's reactive collections are not wanted there.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    // Scripts and end-to-end tests pass callbacks that run inside the page.
    files: ['scripts/**', 'test/e2e/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)src-main(/|$)', message: 'The renderer reaches main only through window.api (src-shared/api.ts).' },
            { regex: '^electron(/.*)?$', message: 'The renderer reaches main only through window.api (src-shared/api.ts).' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/engine/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ENGINE_FORBIDDEN }],
      'no-restricted-globals': ['error', ...DOM_GLOBALS],
    },
  },
);
