import type { BuiltInTemplate } from './index.ts'
import { h, p, text, ul } from './nodes.ts'

/** The spec an ML project starts from: what, why, with which data, and what could go wrong. */
export const projectSpec: BuiltInTemplate = {
  key: 'project-spec',
  name: 'Project spec',
  description: 'Problem, success metrics, data requirements, scope and non-goals, risks, milestones.',
  title: 'Project spec',
  content: [
    h(1, 'Project spec'),
    p(text('Owner: ', 'bold'), 'who decides · ', text('Status: ', 'bold'), 'draft'),
    h(2, 'Problem'),
    p('What is going wrong today, for whom, and how do we know? One paragraph a newcomer understands.'),
    h(2, 'Success metrics'),
    ul(
      'Primary metric and the threshold that means "ship" (e.g. val F1 ≥ 0.92 on the holdout)',
      'Guardrail metrics that must not regress (latency p95, cost per 1k predictions)',
      'How and when each is measured',
    ),
    h(2, 'Data requirements'),
    ul('Sources, owners and access', 'Time range, volume, labelling process and label quality', 'Known biases, privacy constraints, retention'),
    h(2, 'Scope and non-goals'),
    ul('In scope: …', 'Out of scope (non-goals): …'),
    h(2, 'Risks'),
    ul('Data leakage between train and evaluation', 'Distribution shift after launch', 'Dependencies on other teams'),
    h(2, 'Milestones'),
    ul(
      'Data collected and validated',
      'Baseline trained and evaluated',
      'Candidate model beats baseline on the primary metric',
      'Deployment checklist signed off',
    ),
  ],
}
