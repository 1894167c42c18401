import { useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react'
import { blockLabels } from './block-authors.ts'
import { avatarColor } from './format.ts'
import { historyUi } from './history-store.ts'
import { useAttribution } from './use-attribution.ts'
import './block-authors.css'

/** Room a label needs beside the column, in px; with less, the column gives up room on its right instead. */
const MARGIN_LABEL_ROOM = 200

/** The document's top-level block elements: ProseMirror's children minus its widgets (gap cursor, carets at the top level). */
function blockElements(root: HTMLElement): HTMLElement[] {
  const prose = root.querySelector<HTMLElement>('.ProseMirror')
  if (!prose) return []
  return [...prose.children].filter(
    (el): el is HTMLElement => el instanceof HTMLElement && !el.classList.contains('ProseMirror-widget') && !el.classList.contains('ProseMirror-gapcursor'),
  )
}

/**
 * "Who changed this": beside the live document, each run of blocks carries the name of the person
 * who last changed it and when (the server's attribution, from the version history). A label opens
 * that version's preview. Positions follow the blocks as the page changes or reflows.
 */
export function BlockAuthors({ docId, generation, live }: { docId: string; generation: number; live: RefObject<HTMLElement | null> }) {
  const [changes, setChanges] = useState(0)
  const [layout, setLayout] = useState(0)
  const blocks = useAttribution(docId, changes, generation)
  const labels = useMemo(() => (blocks ? blockLabels(blocks) : []), [blocks])
  const [place, setPlace] = useState<{ runs: ({ top: number; height: number } | null)[]; inline: boolean }>({ runs: [], inline: false })
  const layer = useRef<HTMLDivElement>(null)

  // Any change to the page moves blocks (relayout now) and may change who last touched one (ask again soon).
  useEffect(() => {
    const root = live.current
    const prose = root?.querySelector('.ProseMirror')
    if (!root || !prose) return
    // Other people's carets are decorations inside the page: they move blocks by nothing and change
    // nobody's last edit, so their churn neither relays out nor asks the server again.
    const isCaret = (node: Node): boolean => (node instanceof Element ? node : node.parentElement)?.closest('.collaboration-carets__caret') != null
    const mutations = new MutationObserver((records) => {
      const caretOnly = (r: MutationRecord): boolean => {
        const nodes = [...r.addedNodes, ...r.removedNodes]
        return isCaret(r.target) || (r.type === 'childList' && nodes.length > 0 && nodes.every(isCaret))
      }
      const edited = records.some((r) => !caretOnly(r))
      if (!edited) return
      setLayout((n) => n + 1)
      setChanges((n) => n + 1)
    })
    mutations.observe(prose, { childList: true, subtree: true, characterData: true })
    const resize = new ResizeObserver(() => setLayout((n) => n + 1))
    resize.observe(prose)
    return () => {
      mutations.disconnect()
      resize.disconnect()
    }
  }, [live])

  // Each run spans from its first block's top to its last block's bottom. Labels go in the margin
  // beside the column when it is wide enough (the history panel or a narrow window takes it);
  // otherwise the column makes room on its right while the mode is on, so no label covers text.
  useLayoutEffect(() => {
    const root = live.current
    const origin = layer.current?.getBoundingClientRect().top
    if (!root || origin === undefined) return
    const right = root.getBoundingClientRect().right
    const page = root.closest('.page') ?? document.documentElement
    const inline = page.getBoundingClientRect().right - right < MARGIN_LABEL_ROOM
    const elements = blockElements(root)
    const runs = labels.map((l) => {
      const first = elements[l.index]
      const last = elements[l.index + l.span - 1] ?? first
      if (!first || !last) return null
      const top = first.getBoundingClientRect().top - origin
      return { top, height: Math.max(last.getBoundingClientRect().bottom - origin - top, 0) }
    })
    setPlace({ runs, inline })
  }, [labels, layout, live])

  useEffect(() => {
    live.current?.classList.toggle('hlive--blame-inline', place.inline)
  }, [place.inline, live])

  useEffect(() => {
    const onResize = (): void => setLayout((n) => n + 1)
    window.addEventListener('resize', onResize)
    return () => window.removeEventListener('resize', onResize)
  }, [])

  return (
    <div
      className={`hblame${place.inline ? ' hblame--inline' : ''}`}
      ref={layer}
      data-testid="block-authors"
      aria-label="Who last changed each block"
      role="list"
    >
      {labels.map((label, i) => {
        const run = place.runs[i]
        if (!run) return null
        return (
          <div
            key={`${label.index}-${label.versionId}`}
            role="listitem"
            className="hblame__run"
            style={{ top: run.top, height: run.height, ['--hblame-color' as string]: avatarColor(label.userId) }}
          >
            <button
              type="button"
              className="hblame__label"
              title={label.versionId === null ? label.title : `${label.title}. Open this version.`}
              aria-label={label.title}
              data-testid="block-author"
              data-block-index={label.index}
              disabled={label.versionId === null}
              onClick={() => label.versionId !== null && historyUi.preview(label.versionId)}
            >
              {label.text}
            </button>
          </div>
        )
      })}
    </div>
  )
}
