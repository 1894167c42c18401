import type { ReactNode } from 'react'
import { DiffList, InlineDiff, type TextDiff } from './InlineDiff.tsx'
import type { JsonNode } from '#shared/api/docs'
import { safeHref } from '#shared/hub/safe-href'
import { mentionText } from '#shared/doc/markdown-inline'
import { MENTION_NODE } from '#shared/doc/rich-nodes'
import { DOC_LINK_NODE } from '#shared/hub/links'
import { TASK_NODE } from '#shared/blocks/task'
import { isMlBlock } from './block-names.ts'
import { MlSummary } from './MlSummary.tsx'
import { TaskRow } from './TaskRow.tsx'
import type { Names } from './wording.ts'
import './static-blocks.css'

/**
 * A static rendering of one top-level block from the document's JSON (fragmentToJson shape):
 * what the compare view shows instead of the live editor, which it must not need (no Y.Doc, no
 * node views, nothing editable). Unknown node types fall back to their children or text, so a
 * block kind added later still shows its words.
 *
 * `diff` replaces the block's own text with a word diff: a textblock keeps its shell (heading,
 * paragraph, task row) around it, a list keeps its items, a quote or table shows it as one text.
 */
export function StaticBlock({ node, names, diff }: { node: JsonNode; names: Names; diff?: TextDiff }) {
  const inline = diff ? <InlineDiff ops={diff.ops} side={diff.side} /> : undefined
  const body = (children: () => ReactNode): ReactNode => (inline === undefined ? children() : inline)
  const box = (children: () => ReactNode): ReactNode => (inline === undefined ? children() : <p className="cv-text">{inline}</p>)
  switch (node.type) {
    case 'paragraph':
      return (
        <p>
          {body(() => (
            <Inline nodes={node.content} />
          ))}
        </p>
      )
    case 'heading': {
      const level = clampLevel(node.attrs?.level)
      // One level below the page's own: the compare view's title is the page heading.
      const Tag = `h${Math.min(6, level + 1)}` as 'h2'
      return (
        <Tag className={`cv-h cv-h${level}`}>
          {body(() => (
            <Inline nodes={node.content} />
          ))}
        </Tag>
      )
    }
    case 'codeBlock':
      return (
        <pre className="cv-code">
          <code>{body(() => textOf(node))}</code>
        </pre>
      )
    case 'blockquote':
      return (
        <blockquote>
          {box(() => (
            <Blocks nodes={node.content} names={names} />
          ))}
        </blockquote>
      )
    case 'bulletList':
    case 'orderedList': {
      if (diff) return <DiffList ops={diff.ops} side={diff.side} ordered={node.type === 'orderedList'} />
      const items = (node.content ?? []).map((item, i) => (
        <li key={i}>
          <Blocks nodes={item.content} names={names} />
        </li>
      ))
      return node.type === 'bulletList' ? <ul>{items}</ul> : <ol start={Number(node.attrs?.start) || 1}>{items}</ol>
    }
    case 'horizontalRule':
      return <hr />
    case 'table':
      return inline === undefined ? <Table node={node} /> : box(() => null)
    case TASK_NODE:
      return (
        <TaskRow
          node={node}
          names={names}
          title={body(() => (
            <Inline nodes={node.content} />
          ))}
        />
      )
    default:
      if (isMlBlock(node.type)) return <MlSummary node={node} />
      if (inline !== undefined) return box(() => null)
      // A block kind this renderer does not know: its children if it has blocks, else its text.
      return node.content?.some((c) => c.type !== 'text') ? <Blocks nodes={node.content} names={names} /> : <p>{textOf(node)}</p>
  }
}

function Blocks({ nodes, names }: { nodes: JsonNode[] | undefined; names: Names }) {
  return <>{(nodes ?? []).map((n, i) => (n.type === 'text' ? <span key={i}>{n.text}</span> : <StaticBlock key={i} node={n} names={names} />))}</>
}

function Table({ node }: { node: JsonNode }) {
  return (
    <div className="cv-table-wrap">
      <table className="cv-table">
        <tbody>
          {(node.content ?? []).map((row, r) => (
            <tr key={r}>
              {(row.content ?? []).map((cell, c) => {
                const Cell = cell.type === 'tableHeader' ? 'th' : 'td'
                return <Cell key={c}>{textOf(cell)}</Cell>
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** Text runs with their marks; links only when their href is safe (shared/hub/safe-href). */
export function Inline({ nodes }: { nodes: JsonNode[] | undefined }) {
  return (
    <>
      {(nodes ?? []).map((n, i) => (
        <InlineNode key={i} node={n} />
      ))}
    </>
  )
}

function InlineNode({ node }: { node: JsonNode }) {
  if (node.type === 'hardBreak') return <br />
  if (node.type === DOC_LINK_NODE) return <span className="cv-doclink">↗ linked page</span>
  if (node.type === MENTION_NODE) return <span className="cv-mention">{mentionText(node)}</span>
  if (node.type !== 'text') return <>{textOf(node)}</>
  let out: ReactNode = node.text ?? ''
  for (const mark of node.marks ?? []) {
    if (mark.type === 'bold') out = <strong>{out}</strong>
    else if (mark.type === 'italic') out = <em>{out}</em>
    else if (mark.type === 'strike') out = <s>{out}</s>
    else if (mark.type === 'underline') out = <u>{out}</u>
    else if (mark.type === 'code') out = <code>{out}</code>
    else if (mark.type === 'link') {
      const href = safeHref(mark.attrs?.href)
      out = href ? (
        <a href={href} target="_blank" rel="noopener noreferrer">
          {out}
        </a>
      ) : (
        <span className="cv-link">{out}</span>
      )
    }
  }
  return <>{out}</>
}

const clampLevel = (v: unknown): number => {
  const n = Number(v)
  return Number.isInteger(n) && n >= 1 && n <= 6 ? n : 1
}

/** Plain text of a node, read as the diff reads it (blockText: blocks joined by newlines, page links as `[[id]]`). */
export function textOf(node: JsonNode): string {
  if (node.type === 'text') return node.text ?? ''
  if (node.type === 'hardBreak') return '\n'
  if (node.type === DOC_LINK_NODE) return `[[${typeof node.attrs?.docId === 'string' ? node.attrs.docId : ''}]]`
  if (node.type === MENTION_NODE) return mentionText(node)
  const content = node.content ?? []
  const inline = content.every((c) => c.type === 'text' || c.type === 'hardBreak' || c.type === DOC_LINK_NODE || c.type === MENTION_NODE)
  return content.map(textOf).join(inline ? '' : '\n')
}
