import type { JsonNode } from '../api/docs.ts'
import { experimentHeading, experimentTable } from '../doc/markdown-ml.ts'
import { cardOf, checklistOf, BLOCK_DATA_ATTR } from '../history/block-data.ts'
import { CHECKLIST_BLOCK } from '../ml/checklist.ts'
import { MODEL_CARD_BLOCK, MODEL_CARD_SECTIONS } from '../ml/model-card.ts'
import { EXPERIMENT_BLOCK } from '../ml/runs.ts'

/**
 * The ML blocks in the HTML export, from the data snapshot `attachBlockData` puts in the JSON (as
 * history's Markdown reads it): an experiment log's runs as a table, a checklist's items with
 * their sign-offs and the decision, a model card's sections. `esc` is the caller's escaper: every
 * string here is content. Null for any other block (the caller falls back to the Markdown text).
 */
export function mlHtml(node: JsonNode, esc: (s: string) => string): string | null {
  const hasData = node.attrs?.[BLOCK_DATA_ATTR] !== undefined
  const box = (title: string, body: string) => `<section class="block"><h4>${esc(title)}</h4>${body}</section>`
  switch (node.type) {
    case EXPERIMENT_BLOCK: {
      const t = experimentTable(node)
      if (!t) return box(experimentHeading(node), '')
      if (t.rows.length === 0) return box(experimentHeading(node), '<p><em>No runs yet.</em></p>')
      const row = (tag: string, cells: string[]) => `<tr>${cells.map((c) => `<${tag}>${esc(c)}</${tag}>`).join('')}</tr>`
      const more = t.more > 0 ? `<p><em>…and ${t.more} more runs.</em></p>` : ''
      return box(experimentHeading(node), `<table>${row('th', t.columns)}${t.rows.map((r) => row('td', r)).join('')}</table>${more}`)
    }
    case CHECKLIST_BLOCK: {
      if (!hasData) return box('Deployment checklist', '')
      const c = checklistOf(node)
      const items = c.items
        .map((i) => {
          const note = i.signedBy ? ` <span class="fields">signed by ${esc(i.signedBy)}</span>` : i.required ? '' : ' <span class="fields">(optional)</span>'
          return `<li class="check"><input type="checkbox" disabled${i.signedBy ? ' checked' : ''}> ${esc(i.text)}${note}</li>`
        })
        .join('')
      const decision = c.decision
        ? `Decision: ready to ship — recorded by ${c.decision.byName}${c.decision.at ? ` on ${c.decision.at.slice(0, 10)}` : ''}`
        : 'Decision: not recorded yet'
      return box('Deployment checklist', `${items ? `<ul>${items}</ul>` : ''}<p>${esc(decision)}</p>`)
    }
    case MODEL_CARD_BLOCK: {
      if (!hasData) return box('Model card', '')
      const card = cardOf(node)
      const sections = MODEL_CARD_SECTIONS.flatMap((s) => {
        const text = card.sections[s.key]?.trim()
        return text ? [`<p><strong>${esc(s.title)}:</strong> ${esc(text)}</p>`] : []
      })
      const links = card.links.length ? `<p>Linked runs: ${esc(card.links.map((l) => `${l.blockId}/${l.runId}`).join(', '))}</p>` : ''
      return box('Model card', sections.join('') + links)
    }
    default:
      return null
  }
}
