// ESLint (flat config): typescript-eslint's recommended rules (syntax only, not type-aware, so a
// full run stays in seconds on 2 cores; `npm run typecheck` is the type check), the React hooks
// rules for the client, and the floors of docs/ARCHITECTURE.md as import boundaries. Formatting
// is Prettier's job: eslint-config-prettier, last, turns off every rule that would fight it.
import { builtinModules } from 'node:module'
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import { defineConfig } from 'eslint/config'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/**
 * The floors, lowest first: shared ← client/lib ← client/collab, client/components ← client/blocks
 * ← client/editor ← client/features, client/pages ← client/app; client and server never import each
 * other; the harness in test/ may import every part and no part imports it (server/test is the
 * server's own helpers). Files under `from` (and every folder below it) must not import anything
 * under a `forbid` folder, unless it is under an `allow` folder. A floor for a folder that does not
 * exist yet costs nothing. scripts/ and test/ have no floor: they sit above everything.
 */
const FLOORS = [
  { from: 'shared', forbid: ['client', 'server', 'scripts', 'test'], why: 'shared is pure: it imports only shared and pure packages (zod, yjs, lib0)' },
  {
    from: 'client',
    forbid: ['server', 'scripts', 'test'],
    why: 'the client talks to the server over HTTP and the socket, never by import; shared holds the contracts',
  },
  {
    from: 'server',
    forbid: ['client', 'test'],
    why: 'the server never imports the client; test/ imports the server, not the reverse (server/test holds its own helpers)',
  },
  { from: 'client/lib', forbid: ['client'], allow: ['client/lib'], why: 'client/lib is the floor above shared: it imports only shared and lib' },
  ...['client/collab', 'client/components'].map((from) => ({
    from,
    forbid: ['client/blocks', 'client/editor', 'client/features', 'client/pages', 'client/app'],
    why: `${from} sits below blocks, editor, features, pages and app`,
  })),
  {
    from: 'client/blocks',
    forbid: ['client/editor', 'client/features', 'client/pages', 'client/app'],
    why: 'client/blocks sits below the editor, features, pages and app: they compose blocks, never the reverse',
  },
  {
    from: 'client/editor',
    forbid: ['client/features', 'client/pages', 'client/app'],
    why: 'client/editor sits below features, pages and app: they compose it, never the reverse',
  },
  { from: 'client/features', forbid: ['client/pages', 'client/app'], why: 'features sit below pages and app' },
  { from: 'client/pages', forbid: ['client/app'], why: 'pages sit below app' },
]

/**
 * The rules work on import strings, and imports are relative: whether `../../test/x` leaves the
 * repository's server/ depends on how deep the importing file is. So each floor gets one config
 * per file depth (`server/*\/*.ts`, `server/*\/*\/*.ts`, …) whose patterns are the exact climbs
 * (`../` × n) that land in a forbidden folder. Files deeper than this are refused outright below.
 */
const MAX_DEPTH = 8
const FILES = '{ts,tsx,js,mjs,cjs}'
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const segments = (p) => (p === '' ? [] : p.split('/'))
const startsWith = (a, b) => b.length <= a.length && b.every((s, i) => a[i] === s)

/** Regexes for imports from a file in folder `known` + (depth - |known|) unnamed folders into `target`. */
function climbsInto(known, depth, target, allow) {
  const out = []
  for (let up = 0; up <= depth; up++) {
    const landed = depth - up
    if (landed > known.length) continue // still inside `known`, below the floor's own folder
    const at = known.slice(0, landed)
    if (allow.some((a) => startsWith(at, a))) continue
    let rest
    if (startsWith(at, target)) rest = []
    else if (startsWith(target, at)) rest = target.slice(at.length)
    else continue
    if (rest.length === 0 && up === 0) continue // the file's own folder: the floor forbids itself only via `allow`
    const climb = up === 0 ? '\\./' : `(?:\\.\\./){${up}}(?!\\.\\./)`
    const carveOuts = allow
      .filter((a) => startsWith(a, at) && a.length > at.length)
      .map((a) => `(?!${escape(a.slice(at.length).join('/'))}(?:/|$))`)
      .join('')
    out.push(`^${climb}${carveOuts}${rest.length ? `${escape(rest.join('/'))}(?:/|$)` : ''}`)
  }
  return out
}

function floorConfigs() {
  const floors = [...FLOORS].sort((a, b) => segments(a.from).length - segments(b.from).length)
  const configs = []
  for (const floor of floors) {
    const known = segments(floor.from)
    // A folder's config replaces its parent's for the same files, so it carries the parent's floors too.
    const applying = floors.filter((f) => startsWith(known, segments(f.from)))
    for (let depth = known.length; depth <= MAX_DEPTH; depth++) {
      const patterns = applying.flatMap((f) =>
        f.forbid.flatMap((t) =>
          climbsInto(known, depth, segments(t), (f.allow ?? []).map(segments)).map((regex) => ({ regex, message: `${f.from} → ${t}: ${f.why}.` })),
        ),
      )
      const shared = known[0] === 'shared'
      configs.push({
        files: [`${floor.from}/${'*/'.repeat(depth - known.length)}*.${FILES}`],
        rules: {
          'no-restricted-imports': [
            'error',
            {
              patterns: shared ? [...patterns, { regex: '^node:', message: 'shared runs in the browser too: no Node APIs.' }] : patterns,
              ...(shared ? { paths: builtinModules.map((name) => ({ name, message: 'shared runs in the browser too: no Node APIs.' })) } : {}),
            },
          ],
        },
      })
    }
  }
  configs.push({
    files: [`{shared,client,server}/${'*/'.repeat(MAX_DEPTH)}**/*.${FILES}`],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'Program', message: `Deeper than MAX_DEPTH (${MAX_DEPTH}) in eslint.config.js: raise it, or the floors do not reach this file.` },
      ],
    },
  })
  return configs
}

export default defineConfig(
  {
    ignores: ['dist/', 'coverage/', 'data/', '.bench-out/', 'test-results/', '**/node_modules/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_name` marks a binding kept on purpose: a handler's positional `_reply`, a field left out
      // of a rest spread (`{ updatedAt: _u, ...rest }`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    ...reactHooks.configs.flat.recommended,
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      // These four judge whether a component can be compiled by React Compiler, which Keel does not
      // use. They flag idioms React documents as correct without it, which the client relies on
      // deliberately: a latest-value ref written during render (collab/hooks.ts), a controller
      // object a parent hands to a Tiptap suggestion (LinkPicker's onKey), resetting a selection when
      // its query changes. Adopting the compiler would mean turning them on and rewriting those.
      'react-hooks/refs': 'off',
      'react-hooks/immutability': 'off',
      'react-hooks/preserve-manual-memoization': 'off',
      'react-hooks/set-state-in-effect': 'off',
    },
  },
  {
    // Plain JavaScript bundled by Vite for the bench's peer page: it runs in the browser.
    files: ['scripts/bench/keypress/peer-page/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Shared runs in the browser and in Node alike; the DOM is also kept out by shared/tsconfig.json (no DOM lib).
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...[
          'window',
          'document',
          'navigator',
          'localStorage',
          'sessionStorage',
          'indexedDB',
          'location',
          'process',
          'Buffer',
          'require',
          '__dirname',
          '__filename',
        ].map((name) => ({ name, message: 'shared is pure: no DOM, no Node APIs.' })),
      ],
    },
  },
  floorConfigs(),
  prettier,
)
