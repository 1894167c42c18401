/**
 * The ML Test Score rubric (Breck, Cai, Nielsen, Salib, Sculley, "The ML Test Score: A Rubric for
 * ML Production Readiness and Technical Debt Reduction", IEEE Big Data 2017): 28 tests in four
 * areas, added to a deployment checklist in one step.
 */
export const ML_TEST_SCORE: readonly { area: 'Data' | 'Model' | 'Infrastructure' | 'Monitoring'; text: string }[] = [
  { area: 'Data', text: 'Feature expectations are captured in a schema' },
  { area: 'Data', text: 'All features are beneficial' },
  { area: 'Data', text: 'No feature’s cost is too much' },
  { area: 'Data', text: 'Features adhere to meta-level requirements' },
  { area: 'Data', text: 'The data pipeline has appropriate privacy controls' },
  { area: 'Data', text: 'New features can be added quickly' },
  { area: 'Data', text: 'All input feature code is tested' },
  { area: 'Model', text: 'Model specs are reviewed and submitted' },
  { area: 'Model', text: 'Offline and online metrics correlate' },
  { area: 'Model', text: 'All hyperparameters have been tuned' },
  { area: 'Model', text: 'The impact of model staleness is known' },
  { area: 'Model', text: 'A simpler model is not better' },
  { area: 'Model', text: 'Model quality is sufficient on important data slices' },
  { area: 'Model', text: 'The model is tested for considerations of inclusion' },
  { area: 'Infrastructure', text: 'Training is reproducible' },
  { area: 'Infrastructure', text: 'Model specs are unit tested' },
  { area: 'Infrastructure', text: 'The ML pipeline is integration tested' },
  { area: 'Infrastructure', text: 'Model quality is validated before serving' },
  { area: 'Infrastructure', text: 'The model is debuggable' },
  { area: 'Infrastructure', text: 'Models are canaried before serving' },
  { area: 'Infrastructure', text: 'Serving models can be rolled back' },
  { area: 'Monitoring', text: 'Dependency changes result in notification' },
  { area: 'Monitoring', text: 'Data invariants hold for inputs' },
  { area: 'Monitoring', text: 'Training and serving are not skewed' },
  { area: 'Monitoring', text: 'Models are not too stale' },
  { area: 'Monitoring', text: 'Models are numerically stable' },
  { area: 'Monitoring', text: 'Computing performance has not regressed' },
  { area: 'Monitoring', text: 'Prediction quality has not regressed' },
]
