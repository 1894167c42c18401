/**
 * The peer page of scenario 8 (peer-page/: stock Tiptap + Collaboration), built with Vite into a
 * temporary folder, then served like any other variant by keypress/front.ts (same server, same
 * document, same hop), opened as `/?doc=<id>`.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { build } from 'vite'

/** Builds the peer page; returns the folder holding index.html and its assets. */
export async function buildPeerPage(minify: boolean): Promise<string> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-keypress-peer-'))
  // Vite's build sets NODE_ENV=production in this process; a Keel child started afterwards
  // would inherit it.
  const nodeEnv = process.env.NODE_ENV
  try {
    await build({
      configFile: false,
      root: path.join(import.meta.dirname, 'peer-page'),
      logLevel: 'warn',
      // The same single copies the app bundles (vite.config.ts): one Yjs, one ProseMirror.
      resolve: { dedupe: ['yjs', 'y-protocols', 'lib0', '@tiptap/y-tiptap', '@tiptap/pm'] },
      build: { outDir, emptyOutDir: true, minify, chunkSizeWarningLimit: 5000, sourcemap: false },
    })
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = nodeEnv
  }
  return outDir
}
