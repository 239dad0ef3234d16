// ESLint flat config: JavaScript's and typescript-eslint's recommended rules over every package,
// app, test and the bench. `pnpm lint` runs it (and `pnpm test` runs `pnpm lint`).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', 'apps/server/web/**', '**/node_modules/**', '**/coverage/**', 'bench/results/**', '**/.turbo/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      // `_name` marks a binding kept on purpose (a rest sibling, a callback's unused argument)
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-empty': ['error', { allowEmptyCatch: true }],
      // a test may pull in a package's ambient declarations of an untyped module by path
      '@typescript-eslint/triple-slash-reference': ['error', { path: 'always', types: 'prefer-import', lib: 'always' }],
      // `room` names the object a getter-bearing literal needs (this is the literal there)
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['room'] }],
      // Pragmatic: JSON answers are typed at their use; a default before a try is clearer than none;
      // the file-name sanitiser strips control characters on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
      'no-useless-assignment': 'off',
      'no-control-regex': 'off',
      // a `let` a closure reads before its one assignment (set after the closure is made) stays `let`
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // browser code: the web app, the editor, and the pages tests drive
    files: ['apps/web/**', 'packages/editor/**', 'tests/e2e/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    // CommonJS config files (dependency-cruiser reads .cjs)
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
