// Lint: recommended JS + TypeScript rules; type-aware rules are left to `tsc`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['src-main/core/gateway/generated/**', 'src-shared/protocol/contract/generated/**', 'node_modules/**', 'dist/**', '.cache/**', 'test-results/**', 'e2e/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The gateway and node agent run for months: an ESM value import of node:http/https evaluates
    // every export, which loads Node's bundled undici (~17 MB resident) and TLS (net/http-client.ts).
    files: ['src-main/core/**/*.ts', 'src-main/cli/**/*.ts', 'src-shared/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: ['node:http', 'node:https', 'http', 'https'].map((name) => ({
          name, allowTypeImports: true,
          message: 'take node:http/https from src-main/core/net/http-client.ts (an ESM import of them loads undici and TLS into the gateway)',
        })),
      }],
      'no-restricted-syntax': ['error', {
        selector: 'ImportExpression[source.value=/^(node:)?https?$/]',
        message: 'take node:http/https from src-main/core/net/http-client.ts (an ESM import of them loads undici and TLS)',
      }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
