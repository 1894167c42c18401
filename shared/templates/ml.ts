import { CHECKLIST_BLOCK } from '../ml/checklist.ts'
import { MODEL_CARD_BLOCK, MODEL_CARD_SECTIONS } from '../ml/model-card.ts'
import { EXPERIMENT_BLOCK } from '../ml/runs.ts'
import type { BuiltInTemplate } from './index.ts'
import { h, ol, p, text, ul } from './nodes.ts'

/**
 * The ML templates. Block ids here are placeholders: instantiating a template gives every block a
 * fresh id (and rewires references between blocks of the same template), see instantiate.ts.
 */
const log = (id: string, metric: string, extra: Record<string, unknown> = {}) => ({ type: EXPERIMENT_BLOCK, attrs: { id, metric, ...extra } })

export const experimentLog: BuiltInTemplate = {
  key: 'experiment-log',
  name: 'Experiment log',
  description: 'Runs with params, datasets and metrics, pushed by training scripts; best run highlighted.',
  title: 'Experiment log',
  content: [
    h(1, 'Experiment log'),
    p('Hypothesis: ', text('what we expect to change, and why', 'italic')),
    p('Training scripts push runs here with ', text('keel log-run', 'code'), ' or the API; the table and chart update live.'),
    log('runs', 'val_f1'),
    h(2, 'Notes and decisions'),
    ul('What we learned from the last runs', 'What to try next'),
  ],
}

export const hyperparameterSweep: BuiltInTemplate = {
  key: 'hyperparameter-sweep',
  name: 'Hyperparameter sweep',
  description: 'An experiment log with a parameter grid and the best run by a chosen metric.',
  title: 'Hyperparameter sweep',
  content: [
    h(1, 'Hyperparameter sweep'),
    h(2, 'Grid'),
    ul('learning_rate: 1e-4, 3e-4, 1e-3', 'batch_size: 32, 64, 128', 'weight_decay: 0, 0.01'),
    p(text('Best by: ', 'bold'), 'val_f1 (higher is better)'),
    log('sweep', 'val_f1', { sweep: true }),
    h(2, 'Conclusion'),
    p(),
  ],
}

export const deploymentChecklist: BuiltInTemplate = {
  key: 'deployment-checklist',
  name: 'Deployment checklist',
  description: 'The 28 tests of the ML Test Score, sign-offs, and gates on tasks and metrics before "ready to ship".',
  title: 'Deployment checklist',
  content: [
    h(1, 'Deployment checklist'),
    p('Ready to ship only when every required item is signed and every gate holds. The decision is recorded below.'),
    { type: CHECKLIST_BLOCK, attrs: { id: 'checklist', init: 'ml-test-score' } },
    h(2, 'Rollout plan'),
    ol('Canary at 5% for 24 h', 'Compare online and offline metrics', 'Ramp to 100% or roll back'),
  ],
}

export const modelCard: BuiltInTemplate = {
  key: 'model-card',
  name: 'Model card',
  description: 'The nine sections of Model Cards (Mitchell et al. 2019), metrics prefilled live from runs.',
  title: 'Model card',
  content: [
    h(1, 'Model card'),
    p('Metrics and data sections fill in from the linked experiment log and stay current as runs change. Empty required sections are flagged.'),
    { type: MODEL_CARD_BLOCK, attrs: { id: 'card', runsBlock: 'runs', metric: 'val_f1' } },
    h(2, 'Runs this card describes'),
    log('runs', 'val_f1'),
  ],
}

export const inferenceReport: BuiltInTemplate = {
  key: 'inference-report',
  name: 'Inference performance report',
  description: 'Latency p50/p95/p99, throughput, cost and error rate per configuration, fed by the API.',
  title: 'Inference performance report',
  content: [
    h(1, 'Inference performance report'),
    p(
      'Each run is one serving configuration (hardware, batch size, quantisation). Load tests push ',
      text('latency_p50_ms', 'code'),
      ', ',
      text('latency_p95_ms', 'code'),
      ', ',
      text('latency_p99_ms', 'code'),
      ', ',
      text('throughput_rps', 'code'),
      ', ',
      text('cost_per_1k', 'code'),
      ' and ',
      text('error_rate', 'code'),
      '.',
    ),
    log('perf', 'latency_p95_ms', { lowerIsBetter: true }),
    h(2, 'Service-level objectives'),
    ul('p95 latency under 50 ms at 200 rps', 'Error rate under 0.1%', 'Cost under $0.40 per 1k predictions'),
  ],
}

export const troubleshootingRunbook: BuiltInTemplate = {
  key: 'troubleshooting-runbook',
  name: 'Troubleshooting runbook',
  description: 'Symptoms, dashboards, first checks, mitigations and escalation for a model in production.',
  title: 'Troubleshooting runbook',
  content: [
    h(1, 'Troubleshooting runbook'),
    h(2, 'Symptoms'),
    ul('Prediction quality dropped (alert: quality monitor)', 'Latency p95 above SLO', 'Input feature drift detected'),
    h(2, 'First checks'),
    ol(
      'Is the input data fresh? Check the feature pipeline’s last successful run',
      'Did a dependency or model version change? Check the deploy log',
      'Compare live feature distributions with training',
    ),
    h(2, 'Mitigations'),
    ul('Roll back to the previous model version', 'Serve the fallback heuristic', 'Pause the feature pipeline and replay'),
    h(2, 'Escalation'),
    p('On-call ML engineer → model owner → platform team. Record what happened in the incident log.'),
  ],
}

export const ML_TEMPLATES = [experimentLog, hyperparameterSweep, deploymentChecklist, modelCard, inferenceReport, troubleshootingRunbook]
export { MODEL_CARD_SECTIONS }
