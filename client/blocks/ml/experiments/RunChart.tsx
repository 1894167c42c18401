import { useEffect, useMemo, useRef, useState } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { Run } from '#shared/ml/runs'
import { useTheme } from '../../../lib/theme.ts'
import { barData, formatNumber, stepData } from '../logic.ts'

/** Run colours: distinguishable, calm, and the accent reserved for the best run. */
export const PALETTE = ['#8b93a7', '#e08a3c', '#3aa67a', '#b56bd6', '#d4566a', '#3fa7c4', '#a3894a', '#6f7fd6']
const HEIGHT = 220
/** Below this width (a phone) the chart draws smaller labels, fewer ticks and shorter run names. */
const NARROW = 480

/** A palette token (styles/base.css) as the colour it is now: a canvas cannot read CSS variables. */
function tokenColor(el: HTMLElement, token: string): string {
  const probe = document.createElement('span')
  probe.style.color = `var(${token})`
  probe.style.display = 'none'
  el.appendChild(probe)
  const color = getComputedStyle(probe).color
  probe.remove()
  return color
}

/** The colours the chart draws with, from the palette of the theme in effect. */
function chartColors(el: HTMLElement) {
  return {
    axis: tokenColor(el, '--text-muted'),
    grid: tokenColor(el, '--chart-grid'),
    ticks: tokenColor(el, '--border'),
    bar: tokenColor(el, '--graph-edge'),
    best: tokenColor(el, '--accent'),
  }
}

const truncate = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s)

let measurer: CanvasRenderingContext2D | null = null
/** `s`, shortened with an ellipsis until it is at most `px` wide in `font` (a bar's label under its bar). */
function fitText(s: string, px: number, font: string): string {
  measurer ??= document.createElement('canvas').getContext('2d')
  if (!measurer) return s
  measurer.font = font
  if (measurer.measureText(s).width <= px) return s
  let n = s.length
  while (n > 1 && measurer.measureText(`${s.slice(0, n - 1)}…`).width > px) n--
  return `${s.slice(0, Math.max(n - 1, 1))}…`
}

/**
 * One metric across runs: final values as bars (the best in the accent colour), or the metric by
 * step as one line per run. uPlot draws on a canvas and is rebuilt only when the set of series
 * changes; new points arrive through setData.
 */
export function RunChart({ runs, metric, mode, bestRunId }: { runs: readonly Run[]; metric: string; mode: 'bar' | 'step'; bestRunId: string | null }) {
  const host = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  // Redrawn when the theme changes (the canvas keeps the colours it was drawn with) and when the
  // chart crosses the narrow width (labels and ticks are laid out for it).
  const theme = useTheme()
  const [narrow, setNarrow] = useState(false)

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
    const small = width < NARROW
    if (small !== narrow) {
      setNarrow(small)
      return
    }
    const c = chartColors(el)
    const font = small ? '10px system-ui, sans-serif' : '11px system-ui, sans-serif'
    // space: the least room between ticks, so a phone gets fewer of them and no overlap.
    const axis = { stroke: c.axis, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.ticks, width: 1 }, font, space: small ? 48 : 30 }
    const yAxis = { ...axis, size: small ? 44 : 56, space: small ? 36 : 30, values: (_u: uPlot, splits: number[]) => splits.map((v) => formatNumber(v)) }
    let opts: uPlot.Options
    if (mode === 'bar') {
      const labels = chart.labels
      const bars = uPlot.paths.bars!({ size: [0.62, 56], align: 0 })
      // Each label fits its bar's slot (the plot's width over the x range, less a gap), so
      // neighbours never overlap; the plot's box is known while uPlot lays out the axes.
      const slotOf = (u: uPlot): number => u.bbox.width / uPlot.pxRatio / (labels.length + 0.2) - 12
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
            values: (u, splits) => splits.map((i) => fitText(truncate(labels[i] ?? '', labels.length > 8 ? 8 : 16), slotOf(u), font)),
          },
          yAxis,
        ],
        series: [
          {},
          { label: metric, fill: c.bar, stroke: c.bar, width: 1, paths: bars, points: { show: false } },
          { label: `${metric} (best)`, fill: c.best, stroke: c.best, width: 1, paths: bars, points: { show: false } },
        ],
      }
    } else {
      opts = {
        width,
        height: HEIGHT,
        legend: { show: true, live: true },
        cursor: { drag: { x: true, y: false } },
        scales: { x: { time: false } },
        axes: [{ ...axis, label: 'step', labelSize: 18, labelFont: font }, yAxis],
        series: [
          { label: 'step', value: (_u, v) => (v === null ? '–' : String(v)) },
          ...chart.series.map((r, i) => ({
            label: truncate(r.name, small ? 14 : 24),
            stroke: r.runId === bestRunId ? c.best : PALETTE[i % PALETTE.length]!,
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
    const resize = new ResizeObserver(() => {
      const w = Math.max(el.clientWidth, 200)
      if (w < NARROW !== small) setNarrow(w < NARROW)
      else u.setSize({ width: w, height: HEIGHT })
    })
    resize.observe(el)
    return () => {
      resize.disconnect()
      u.destroy()
      plot.current = null
    }
    // chart.data flows in through the effect below; the plot is rebuilt only when its shape changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, [chart.key, mode, metric, bestRunId, chart.count === 0, theme, narrow])

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
  return (
    <div
      className="ml-chart"
      ref={host}
      data-testid="run-chart"
      data-mode={mode}
      data-narrow={narrow || undefined}
      data-points={mode === 'bar' ? chart.count : chart.series.length}
    />
  )
}
