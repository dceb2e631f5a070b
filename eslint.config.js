'use strict';
// ESLint flat config (run by scripts/lint.sh and `npm run lint`). Correctness rules only
// (eslint:recommended plus a few); formatting is prettier's job (.prettierrc).
//   web/        ES modules for the browser; the compute worker also has the worker globals
//   wasm/api.js a classic script appended to the Emscripten output (--extern-post-js): it sees
//               the factory createNadarayaWatsonModule and runs in pages, workers and Node
//   wasm/pre.js inside that factory (--pre-js): it sees the loader's names (Module, getBinary...)
//   tests/, scripts/, bench/  Node (CommonJS .cjs, ES modules .mjs); the browser tests also
//               hold functions that run inside the page (page.evaluate), hence the browser globals
const js = require('@eslint/js');
const globals = require('globals');

// wasm/pre.js and wasm/api.js run in pages, workers and Node alike.
const anywhere = { ...globals.browser, ...globals.worker, ...globals.node };

module.exports = [
  { ignores: ['node_modules/', 'build/', 'dist/', 'test-results/', 'tests/fuzz/corpus/'] },
  js.configs.recommended,
  {
    rules: {
      // `_name` marks an argument or binding kept on purpose (e.g. a callback's position).
      'no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrors: 'none',
        },
      ],
      // Deliberately empty catch blocks carry a comment; an empty one without is a mistake.
      'no-empty': ['error', { allowEmptyCatch: false }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'no-throw-literal': 'error',
      // `let done = false; do done = step(); while (...)`: an initialiser before a loop is no bug.
      'no-useless-assignment': 'off',
      'prefer-const': ['error', { destructuring: 'all' }],
    },
  },
  {
    files: ['web/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.browser } },
  },
  {
    files: ['web/js/compute/worker.js'],
    languageOptions: { globals: { ...globals.worker } },
  },
  {
    files: ['web/build.mjs', '**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: { ...globals.node } },
  },
  {
    // Inside the Emscripten factory (--pre-js): the loader's own names.
    files: ['wasm/pre.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        ...anywhere,
        Module: 'writable',
        getBinary: 'readonly',
        isDataURI: 'readonly',
        dataURIPrefix: 'readonly',
        wasmBinaryFile: 'readonly',
        readyPromiseReject: 'readonly',
      },
    },
  },
  {
    files: ['wasm/api.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { ...anywhere, createNadarayaWatsonModule: 'readonly' },
    },
    rules: {
      // The API turns whatever the module or a hostile argument throws into its own documented
      // TypeError / RangeError whose message names the function and the argument (docs/API.md).
      'preserve-caught-error': 'off',
    },
  },
  {
    files: ['**/*.cjs', 'eslint.config.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
  {
    // Functions of the browser tests run inside the page (page.evaluate, addInitScript; the
    // cross-engine suite's page.run).
    files: ['tests/browser/**/*.cjs', 'tests/engines/**/*.cjs', 'bench/browser-latency.cjs'],
    languageOptions: { globals: { ...globals.browser } },
  },
];
