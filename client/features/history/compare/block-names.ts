import { CHECKLIST_BLOCK, EXPERIMENT_BLOCK, MODEL_CARD_BLOCK, RUN_COMPARISON_BLOCK } from '#shared/ml/blocks'

/** Block types as a reader names them: "Added paragraph", "Changed experiment log". */
const ML_NAMES: Record<string, string> = {
  [EXPERIMENT_BLOCK]: 'Experiment log',
  [CHECKLIST_BLOCK]: 'Deployment checklist',
  [MODEL_CARD_BLOCK]: 'Model card',
  [RUN_COMPARISON_BLOCK]: 'Run comparison',
}

const NOUN: Record<string, string> = {
  paragraph: 'paragraph',
  heading: 'heading',
  bulletList: 'list',
  orderedList: 'numbered list',
  codeBlock: 'code block',
  blockquote: 'quote',
  table: 'table',
  horizontalRule: 'divider',
  task: 'task',
}

export const isMlBlock = (type: string): boolean => type in ML_NAMES
export const mlBlockName = (type: string): string | undefined => ML_NAMES[type]
export const blockNoun = (type: string | undefined): string => (type ? (NOUN[type] ?? ML_NAMES[type]?.toLowerCase() ?? 'block') : 'block')
