import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Workflow code is replayed: it may not touch the clock, randomness, I/O or Node's modules directly.
// These rules stand in for Temporal's determinism checks (the SDK also refuses such imports when it bundles).
const workflowDeterminism = {
  files: ['workflows/**/*.ts', 'policies/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: ['node:*', 'fs', 'path', 'os', 'http', 'https', 'crypto', 'child_process', 'net'],
            message: 'no Node modules in deterministic code',
          },
          {
            group: [
              'mongoose',
              'mongodb',
              'express',
              'axios',
              'pino',
              '@temporalio/client',
              '@temporalio/worker',
              '@temporalio/activity',
            ],
            message: 'no I/O libraries in deterministic code',
          },
          { group: ['../src/*', '../../src/*'], message: 'workflows and policies do not import the service edges' },
        ],
      },
    ],
    'no-restricted-syntax': [
      'error',
      {
        selector: "NewExpression[callee.name='Date'][arguments.length=0]",
        message: 'time is a parameter (policies) or workflow time (workflows)',
      },
      {
        selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
        message: 'time is a parameter (policies) or workflow time (workflows)',
      },
      {
        selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
        message: 'no randomness in deterministic code',
      },
      { selector: "MemberExpression[object.name='process']", message: 'no process state in deterministic code' },
      { selector: "CallExpression[callee.name='setTimeout']", message: 'use sleep() or condition() in workflows' },
    ],
    'no-console': 'error',
  },
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', 'coverage/', 'test-artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  workflowDeterminism,
);
