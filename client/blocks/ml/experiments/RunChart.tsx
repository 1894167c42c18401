import { useEffect, useMemo, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { Run } from '#shared/ml/runs'
import { barData, formatNumber, stepData } from '../logic.ts'

/** Run colours: distinguishable, calm, and the accent reserved for the best run. */
export const PALETTE = ['#8b93a7', '#e08a3c', '#3aa67a', '#b56bd6', '#d4566a', '#3fa7c4', '#a3894a', '#6f7fd6']
const BEST = '#3e63dd'
const HEIGHT = 220

const truncate = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s)

/**
 * One metric across runs: final values as bars (the best in the accent colour), or the metric by
 * step as one line per run. uPlot draws on a canvas and is rebuilt only when the set of series
 * changes; new points arrive through setData.
 */
export function RunChart({ runs, metric, mode, bestRunId }: { runs: readonly Run[]; metric: string; mode: 'bar' | 'step'; bestRunId: string | null }) {
  const host = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)

  const chart = useMemo(() => {
    if (mode === 'bar') {
      const bars = barData(runs, metric)
      const xs = bars.values.map((_v, i) => i)
      const best = bars.values.map((v, i) => (bars.runIds[i] === bestRunId ? v : null))
      const rest = bars.values.map((v, i) => (bars.runIds[i] === bestRunId ? null : v))
      return {
        key: `bar|${metric}|${bars.labels.join('\u0000')}`,
        data: [xs, rest, best] as uPlot.AlignedData,
        labels: bars.labels,
        count: xs.length,
        series: [] as Run[],
      }
    }
    const steps = stepData(runs, metric)
    const data = [steps.steps, ...steps.series.map((s) => s.values)] as uPlot.AlignedData
    return {
      key: `step|${metric}|${steps.series.map((s) => s.run.runId).join('\u0000')}|${bestRunId}`,
      data,
      labels: [],
      count: steps.steps.length,
      series: steps.series.map((s) => s.run),
    }
  }, [runs, metric, mode, bestRunId])

  // Rebuild when the series change; otherwise only the data.
  useEffect(() => {
    const el = host.current
    if (!el || chart.count === 0) return
    const width = Math.max(el.clientWidth, 200)
    const axis = { stroke: '#6b6e76', grid: { stroke: '#eeeef1', width: 1 }, ticks: { stroke: '#e7e7ea', width: 1 }, font: '11px system-ui, sans-serif' }
    const yAxis = { ...axis, size: 56, values: (_u: uPlot, splits: number[]) => splits.map((v) => formatNumber(v)) }
    let opts: uPlot.Options
    if (mode === 'bar') {
      const labels = chart.labels
      const bars = uPlot.paths.bars!({ size: [0.62, 56], align: 0 })
      opts = {
        width,
        height: HEIGHT,
        legend: { show: false },
        cursor: { drag: { x: false, y: false }, points: { show: false } },
        scales: { x: { time: false, range: [-0.6, labels.length - 0.4] } },
        axes: [
          {
            ...axis,
            grid: { show: false },
            splits: () => labels.map((_l, i) => i),
            values: (_u, splits) => splits.map((i) => truncate(labels[i] ?? '', labels.length > 8 ? 8 : 16)),
          },
          yAxis,
        ],
        series: [
          {},
          { label: metric, fill: '#c9cfdd', stroke: '#b3bbcc', width: 1, paths: bars, points: { show: false } },
          { label: `${metric} (best)`, fill: BEST, stroke: BEST, width: 1, paths: bars, points: { show: false } },
        ],
      }
    } else {
      opts = {
        width,
        height: HEIGHT,
        legend: { show: true, live: true },
        cursor: { drag: { x: true, y: false } },
        scales: { x: { time: false } },
        axes: [{ ...axis, label: 'step', labelSize: 18, labelFont: '11px system-ui, sans-serif' }, yAxis],
        series: [
          { label: 'step', value: (_u, v) => (v === null ? '–' : String(v)) },
          ...chart.series.map((r, i) => ({
            label: truncate(r.name, 24),
            stroke: r.runId === bestRunId ? BEST : PALETTE[i % PALETTE.length]!,
            width: r.runId === bestRunId ? 2.5 : 1.5,
            spanGaps: true,
            points: { show: chart.count <= 30, size: 4 },
            value: (_u: uPlot, v: number | null) => (v === null ? '–' : formatNumber(v)),
          })),
        ],
      }
    }
    const u = new uPlot(opts, chart.data, el)
    plot.current = u
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(el.clientWidth, 200), height: HEIGHT }))
    resize.observe(el)
    return () => {
      resize.disconnect()
      u.destroy()
      plot.current = null
    }
    // chart.data flows in through the effect below; the plot is rebuilt only when its shape changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, [chart.key, mode, metric, bestRunId, chart.count === 0])

  useEffect(() => {
    plot.current?.setData(chart.data)
  }, [chart.data])

  if (chart.count === 0) {
    return (
      <div className="ml-chart ml-chart--empty" data-testid="run-chart" data-points="0">
        {mode === 'step' ? `No run reports ${metric} by step yet.` : `No run reports ${metric} yet.`}
      </div>
    )
  }
  return <div className="ml-chart" ref={host} data-testid="run-chart" data-mode={mode} data-points={mode === 'bar' ? chart.count : chart.series.length} />
}
