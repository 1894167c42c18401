/**
 * The "bare" variant of scenario 8: what the browser alone costs, as a reference point (not a lower
 * bound: Chromium's native contenteditable editing is its own path, and in some rounds Keel's
 * editor is faster than this page). The benchmark document's blocks (its
 * text, as written through the server) in one plain `contenteditable` element, with the app's typography and no JavaScript at
 * all: no editor framework, no Yjs, no socket, no remote changes. What is left of a keystroke is
 * Chromium's own work for a document of that size (input, native DOM edit, selection, style,
 * layout, paint, commit). Served like any other
 * variant by keypress/front.ts; the markup matches the selectors runPage uses.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as Y from 'yjs'

/** client/styles/base.css's --font-sans, so text shapes with the same font as in the app. */
const APP_FONT = `-apple-system, BlinkMacSystemFont, 'Segoe UI Variable Text', 'Segoe UI', 'Inter', 'Helvetica Neue', Arial, 'Noto Sans', 'Liberation Sans', sans-serif`

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** Top-level blocks of a Tiptap document as plain HTML (headings and paragraphs; text only). */
function blocksHtml(fragment: Y.XmlFragment): string {
  return fragment
    .toArray()
    .map((node) => {
      const el = node as Y.XmlElement
      const tag = el.nodeName === 'heading' ? `h${Number(el.getAttribute('level') ?? 1)}` : 'p'
      const text = el
        .toArray()
        .map((t) =>
          t instanceof Y.XmlText
            ? t
                .toDelta()
                .map((d: { insert: unknown }) => String(d.insert))
                .join('')
            : '',
        )
        .join('')
      return `<${tag}>${escape(text)}</${tag}>`
    })
    .join('\n')
}

/** Writes the bare page for the benchmark document as it stands; returns its folder. */
export function buildBarePage(fragment: Y.XmlFragment): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-keypress-bare-'))
  const paragraphs = blocksHtml(fragment)
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Bare contenteditable</title>
<style>
  body { margin: 0; font-family: ${APP_FONT}; }
  [data-testid="editor"] { max-width: 720px; margin: 48px auto; }
  .ProseMirror { outline: none; font-size: 16.5px; line-height: 1.7; white-space: pre-wrap; word-wrap: break-word; }
  .ProseMirror p { margin: 0; }
  .ProseMirror h1 { font-size: 2.25rem; line-height: 1.25; margin: 0 0 0.25em; }
  .ProseMirror > * + * { margin-top: 0.75em; }
</style></head>
<body><div data-testid="editor"><div class="ProseMirror" contenteditable="true" spellcheck="true">
${paragraphs}
</div></div></body>
</html>
`,
  )
  return dir
}
