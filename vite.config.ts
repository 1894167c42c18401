import react from '@vitejs/plugin-react'
import { VitePWA } from 'vite-plugin-pwa'
import { defineConfig } from 'vitest/config'

const serverPort = Number(process.env.KEEL_SERVER_PORT ?? 3000)
const soakRuns = process.env.KEEL_RELIABILITY === 'full' || process.env.KEEL_SOAK_SECONDS !== undefined

/**
 * One config for the client build, the dev server and the test projects.
 * Test files are named by kind: `*.test.ts` unit, `*.int.test.ts` integration (real server on
 * port 0, real SQLite file), `*.e2e.test.ts` end-to-end (real Chromium against the built app),
 * `*.rel.test.ts` reliability, `*.sec.test.ts` the attack suite. The cross-cutting harness lives in
 * test/ (e2e, reliability, cross-floor integration); each product folder keeps its own tests.
 */
export default defineConfig({
  root: 'client',
  publicDir: 'public',
  plugins: [
    react(),
    // Offline: a service worker precaches the app shell so a document visited before opens with
    // no network at all (reload included); the document itself comes from IndexedDB.
    VitePWA({
      strategies: 'generateSW',
      registerType: 'autoUpdate',
      injectRegister: false, // client/main.tsx registers it via virtual:pwa-register
      devOptions: { enabled: false },
      includeAssets: ['favicon.svg'],
      manifest: {
        name: 'Keel',
        short_name: 'Keel',
        description: 'Live documents for teams.',
        theme_color: '#ffffff',
        background_color: '#ffffff',
        display: 'standalone',
        start_url: '/',
        icons: [{ src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,ico,woff2,webmanifest}'],
        // Every in-app URL (/d/:docId, /w/:id, /sign-in…) is the same shell; the API, the sync
        // socket and the server's one-time sign-in links (/auth/link/:secret) are not.
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api/, /^\/collab/, /^\/auth\//],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        // Tiptap + Yjs make one large chunk; the default 2 MiB limit would silently skip it.
        maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
      },
    }),
  ],
  // One copy of each: two Yjs instances break `instanceof` checks and corrupt sync.
  resolve: {
    dedupe: ['yjs', 'y-protocols', 'lib0', '@tiptap/y-tiptap', '@tiptap/pm'],
  },
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: {
      '/api': `http://localhost:${serverPort}`,
      '/auth': `http://localhost:${serverPort}`,
      '/collab': { target: `ws://localhost:${serverPort}`, ws: true },
    },
  },
  test: {
    root: '.',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          root: '.',
          include: ['{shared,server,client,scripts,test}/**/*.test.{ts,tsx}'],
          exclude: ['**/*.int.test.ts', '**/*.e2e.test.ts', '**/*.rel.test.ts', '**/*.sec.test.ts', '**/node_modules/**'],
          environment: 'node',
          // Some unit tests replay whole editing traces or kill child processes: give a loaded
          // 2-core CI machine room, without hiding a hang.
          testTimeout: 30_000,
        },
      },
      {
        // The standing attack suite (docs/SECURITY.md): a real server on port 0, attacked the way
        // an attacker with a valid account would (SSRF forms, revocation on every channel, CSRF
        // from the route table, Host checks, forged approvals). Fast; part of `npm test`.
        extends: true,
        test: {
          name: 'security',
          root: '.',
          include: ['server/security/**/*.sec.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          root: '.',
          include: ['{server,client,scripts,test}/**/*.int.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Crash, fault, fuzz, storm and soak suites. `npm test` runs them at their fast sizes;
        // `npm run test:reliability` (KEEL_RELIABILITY=full) at full size. See docs/RELIABILITY.md.
        extends: true,
        test: {
          name: 'reliability',
          root: '.',
          include: ['test/reliability/**/*.rel.test.ts'],
          // The soak only makes sense at length: it runs in the full suite (or with
          // KEEL_SOAK_SECONDS set), and is not part of `npm test` at all rather than skipped there.
          exclude: soakRuns ? [] : ['test/reliability/soak.rel.test.ts'],
          environment: 'node',
          testTimeout: 30 * 60_000,
          hookTimeout: 120_000,
          // Timing figures (latency, event-loop gaps) mean little if the suites fight each other.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          root: '.',
          include: ['test/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
