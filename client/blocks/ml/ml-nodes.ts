import { Extension, mergeAttributes, Node } from '@tiptap/core'
import { ReactNodeViewRenderer, type ReactNodeViewProps } from '@tiptap/react'
import type { ComponentType } from 'react'
import { CHECKLIST_BLOCK } from '#shared/ml/checklist'
import { MODEL_CARD_BLOCK } from '#shared/ml/model-card'
import { EXPERIMENT_BLOCK } from '#shared/ml/runs'
import { readComparisonView, RUN_COMPARISON_BLOCK } from '#shared/ml/blocks'
import { RunComparisonView } from './compare/RunComparisonView.tsx'
import { ChecklistView } from './checklist/ChecklistView.tsx'
import { ExperimentLogView } from './experiments/ExperimentLogView.tsx'
import { ModelCardView } from './card/ModelCardView.tsx'
import { CHECK_ML_IDS, mlIdPlugin, mlIdPluginKey } from './ids.ts'

/**
 * The ML blocks: atoms whose attrs are small settings (id, metric, links) and whose data lives in
 * the document's root maps keyed by the block id (shared/ml/*). Names and attrs are exactly the
 * templates' (shared/templates/ml.ts), so a document made from a template renders here.
 */
type AttrSpec = Record<string, { default: string | boolean | null }>

const attrName = (key: string): string => `data-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`

function mlBlock(name: string, attrs: AttrSpec, view: ComponentType<ReactNodeViewProps>, className: string, extraAttrs: Record<string, object> = {}) {
  return Node.create({
    name,
    group: 'block',
    atom: true,
    selectable: true,
    draggable: true,
    addAttributes() {
      const out: Record<string, object> = {}
      for (const [key, spec] of Object.entries(attrs)) {
        out[key] = {
          default: spec.default,
          parseHTML: (el: HTMLElement) => {
            const v = el.getAttribute(attrName(key))
            if (v === null) return spec.default
            return typeof spec.default === 'boolean' ? v === 'true' : v
          },
          renderHTML: (a: Record<string, unknown>) => (a[key] === null || a[key] === undefined ? {} : { [attrName(key)]: String(a[key]) }),
        }
      }
      return { ...out, ...extraAttrs }
    },
    parseHTML() {
      return [{ tag: `div[data-type="${name}"]` }]
    },
    renderHTML({ HTMLAttributes }) {
      return ['div', mergeAttributes({ 'data-type': name }, HTMLAttributes)]
    },
    addNodeView() {
      return ReactNodeViewRenderer(view, { className })
    },
  })
}

export const ExperimentLogNode = mlBlock(
  EXPERIMENT_BLOCK,
  { id: { default: null }, metric: { default: 'val_loss' }, lowerIsBetter: { default: false }, sweep: { default: false } },
  ExperimentLogView,
  'ml-node ml-node--runs',
)
export const ChecklistNode = mlBlock(CHECKLIST_BLOCK, { id: { default: null }, init: { default: null } }, ChecklistView, 'ml-node ml-node--checklist')
export const ModelCardNode = mlBlock(
  MODEL_CARD_BLOCK,
  { id: { default: null }, runsBlock: { default: null }, metric: { default: null } },
  ModelCardView,
  'ml-node ml-node--card',
)

/**
 * A comparison of the project's runs. Its saved view is attrs (dataset, tag, metric, order and
 * `picked`, a list of run keys kept as an array in the document and as JSON in HTML).
 */
export const RunComparisonNode = mlBlock(
  RUN_COMPARISON_BLOCK,
  { id: { default: null }, dataset: { default: '' }, tag: { default: '' }, metric: { default: '' }, order: { default: '' } },
  RunComparisonView,
  'ml-node ml-node--compare',
  {
    picked: {
      default: [],
      parseHTML: (el: HTMLElement) => readComparisonView({ picked: el.getAttribute('data-picked') ?? '[]' }).picked,
      renderHTML: (a: Record<string, unknown>) => ({ 'data-picked': JSON.stringify(readComparisonView(a).picked) }),
    },
  },
)

export interface MlBlocksOptions {
  /** True once the document has synced with the server at least once (ids wait for it). */
  isReady: () => boolean
  /** Calls back once, when the document first syncs. Returns an unsubscribe. */
  onReady: (callback: () => void) => () => void
}

const NAMES = new Set([EXPERIMENT_BLOCK, CHECKLIST_BLOCK, MODEL_CARD_BLOCK, RUN_COMPARISON_BLOCK])

/** The ML nodes and the id plugin, as one extension to register. */
export const MlBlocks = Extension.create<MlBlocksOptions, { off: () => void; destroyed: boolean }>({
  name: 'keelMlBlocks',
  addOptions() {
    return { isReady: () => true, onReady: () => () => {} }
  },
  addStorage() {
    return { off: () => {}, destroyed: false }
  },
  addExtensions() {
    return [ExperimentLogNode, ChecklistNode, ModelCardNode, RunComparisonNode]
  },
  addProseMirrorPlugins() {
    return [mlIdPlugin({ names: NAMES, isReady: this.options.isReady, isEditable: () => this.editor.isEditable })]
  },
  onCreate() {
    const editor = this.editor
    const storage = this.storage
    storage.off = this.options.onReady(() => {
      if (!storage.destroyed) editor.view.dispatch(editor.state.tr.setMeta(mlIdPluginKey, CHECK_ML_IDS))
    })
  },
  onDestroy() {
    this.storage.destroyed = true
    this.storage.off()
  },
})
