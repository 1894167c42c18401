import type { Editor } from '@tiptap/core'
import { CHECKLIST_BLOCK } from '#shared/ml/checklist'
import { MODEL_CARD_BLOCK } from '#shared/ml/model-card'
import { EXPERIMENT_BLOCK } from '#shared/ml/runs'
import { RUN_COMPARISON_BLOCK } from '#shared/ml/blocks'

/**
 * The ML blocks in the slash menu. The block replaces the empty line the `/` was typed on, and a
 * paragraph follows so writing can go on below it; the id plugin gives the block its id.
 */
const insert = (type: string, attrs: Record<string, unknown>) => (e: Editor) =>
  e
    .chain()
    .focus()
    .insertContent([{ type, attrs }, { type: 'paragraph' }])
    .run()

export const ML_SLASH_ITEMS = [
  {
    id: 'experiment-log',
    label: 'Experiment log',
    hint: 'Runs pushed by training scripts: table, chart, best run',
    keywords: 'experiment runs metrics log ml training sweep',
    run: insert(EXPERIMENT_BLOCK, { metric: 'val_loss', lowerIsBetter: true }),
  },
  {
    id: 'deployment-checklist',
    label: 'Deployment checklist',
    hint: 'Sign-offs and gates before shipping a model',
    keywords: 'deployment checklist ship gates ml test score release',
    run: insert(CHECKLIST_BLOCK, {}),
  },
  {
    id: 'run-comparison',
    label: 'Run comparison',
    hint: 'Runs across the project, filtered, sorted and side by side',
    keywords: 'compare comparison runs project metrics ml side by side',
    run: insert(RUN_COMPARISON_BLOCK, {}),
  },
  {
    id: 'model-card',
    label: 'Model card',
    hint: 'Nine sections, metrics prefilled from runs',
    keywords: 'model card documentation ml',
    run: insert(MODEL_CARD_BLOCK, {}),
  },
]
