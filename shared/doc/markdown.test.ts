import { describe, expect, it } from 'vitest'
import type { JsonNode } from '../api/docs.ts'
import { card, checklist, doc, log, run, task } from '../history/fixtures.ts'
import { RUN_COMPARISON_BLOCK } from '../ml/blocks.ts'
import { ML_TEMPLATES } from '../templates/ml.ts'
import { h, ol, p, text, ul } from '../templates/nodes.ts'
import { toMarkdown } from './markdown.ts'

const md = (...blocks: JsonNode[]) => toMarkdown(doc(...blocks))
const marked = (t: string, ...marks: JsonNode['marks'] & object) => ({ type: 'text', text: t, marks })

describe('toMarkdown: text blocks', () => {
  it('headings and paragraphs, one blank line apart, empty paragraphs dropped', () => {
    expect(md(h(1, 'Spec'), p('Intro'), p(), h(3, 'Detail'))).toBe('# Spec\n\nIntro\n\n### Detail\n')
    expect(toMarkdown(doc())).toBe('')
  })

  it('marks: bold, italic, code, strike, links, nested across runs', () => {
    expect(md(p('a ', text('bold', 'bold'), ' ', text('it', 'italic'), ' ', text('x = 1', 'code'), ' ', text('old', 'strike')))).toBe(
      'a **bold** *it* `x = 1` ~~old~~\n',
    )
    expect(
      md(
        p(
          marked('see ', { type: 'link', attrs: { href: 'https://x.test/a' } }),
          marked('docs', { type: 'link', attrs: { href: 'https://x.test/a' } }, { type: 'bold' }),
        ),
      ),
    ).toBe('[see **docs**](https://x.test/a)\n')
    // One bold run continuing into bold italic: delimiters are not doubled up.
    expect(md(p(text('a ', 'bold'), marked('b', { type: 'bold' }, { type: 'italic' })))).toBe('**a *b***\n')
  })

  it('moves whitespace outside delimiters, so emphasis still closes', () => {
    expect(md(p(text('Owner: ', 'bold'), 'Priya'))).toBe('**Owner:** Priya\n')
    expect(md(p('x', text(' y', 'italic')))).toBe('x *y*\n')
  })

  it('code spans holding backticks get a longer delimiter', () => {
    expect(md(p(text('a`b', 'code')))).toBe('``a`b``\n')
  })

  it('unsafe link targets link nowhere', () => {
    expect(md(p(marked('click', { type: 'link', attrs: { href: 'javascript:alert(1)' } })))).toBe('[click](<>)\n')
  })

  it('escapes Markdown specials in text, at line starts, and leaves intraword underscores', () => {
    expect(md(p('*not bold* [x](y) <b> a|b ~s~ \\'))).toBe('\\*not bold\\* \\[x\\](y) \\<b\\> a\\|b \\~s\\~ \\\\\n')
    expect(md(p('# not a heading'), p('- not a list'), p('1. not a list'), p('val_f1 and _x_'))).toBe(
      '\\# not a heading\n\n\\- not a list\n\n1\\. not a list\n\nval_f1 and \\_x\\_\n',
    )
  })

  it('hard breaks', () => {
    expect(md(p('one', { type: 'hardBreak' }, 'two'))).toBe('one\\\ntwo\n')
  })

  it('bullet and ordered lists, nested, with their start number', () => {
    const nested: JsonNode = {
      type: 'bulletList',
      content: [
        { type: 'listItem', content: [p('parent'), ol('first', 'second')] },
        { type: 'listItem', content: [p('sibling'), p('second paragraph')] },
      ],
    }
    expect(md(nested)).toBe('- parent\n  1. first\n  2. second\n- sibling\n\n  second paragraph\n')
    expect(md({ ...ol('a', 'b'), attrs: { start: 9 } })).toBe('9. a\n10. b\n')
    expect(md(ul('x'))).toBe('- x\n')
  })

  it('blockquotes, code blocks with language, rules', () => {
    expect(md({ type: 'blockquote', content: [p('quoted'), p('more')] })).toBe('> quoted\n>\n> more\n')
    expect(md({ type: 'codeBlock', attrs: { language: 'python' }, content: [text('print(1)\n```')] })).toBe('````python\nprint(1)\n```\n````\n')
    expect(md({ type: 'codeBlock', content: [text('x')] })).toBe('```\nx\n```\n')
    expect(md(p('a'), { type: 'horizontalRule' }, p('b'))).toBe('a\n\n---\n\nb\n')
  })

  it('tables, first row as header, pipes escaped', () => {
    const cell = (type: string, t: string) => ({ type, content: [p(t)] })
    const table: JsonNode = {
      type: 'table',
      content: [
        { type: 'tableRow', content: [cell('tableHeader', 'Metric'), cell('tableHeader', 'Value')] },
        { type: 'tableRow', content: [cell('tableCell', 'f1|macro'), cell('tableCell', '0.92')] },
      ],
    }
    expect(md(table)).toBe('| Metric | Value |\n| --- | --- |\n| f1\\|macro | 0.92 |\n')
  })

  it('doc links as links to the page, titled when the caller knows the title', () => {
    const para = p('See ', { type: 'docLink', attrs: { docId: 'abc123' } })
    expect(md(para)).toBe('See [Linked page](/d/abc123)\n')
    expect(toMarkdown(doc(para), { docTitle: (id) => (id === 'abc123' ? 'Spec [v2]' : null) })).toBe('See [Spec \\[v2\\]](/d/abc123)\n')
  })
})

describe('toMarkdown: task blocks', () => {
  it('a task list item with status, assignee, due, priority and deps; done is ticked', () => {
    expect(
      md(task('t-1111', 'Label audit', { status: 'in_progress', assignee: 'priya', due: '2026-12-01', priority: 'high', deps: ['t-data', 't-spec'] })),
    ).toBe('- [ ] Label audit — in progress, @priya, due 2026-12-01, priority high, after: t-data, t-spec\n')
    expect(md(task('t-2222', 'Ship', { status: 'done' }))).toBe('- [x] Ship\n')
    expect(md(task('t-4444', 'Train', { stage: 'training', estimate: 2.5 }))).toBe('- [ ] Train — to do, stage training, estimate 2.5d\n')
    expect(md(task('t-3333', '', { due: 'not-a-date' }))).toBe('- [ ] Untitled task — to do\n')
  })

  it('consecutive tasks form one list', () => {
    expect(md(p('Tasks'), task('t-1111', 'A'), task('t-2222', 'B', { status: 'done' }), p('end'))).toBe('Tasks\n\n- [ ] A — to do\n- [x] B\n\nend\n')
  })
})

describe('toMarkdown: ML blocks', () => {
  it('experiment log: a table of runs with the main metric first; archived runs left out', () => {
    const block = log('runs', [
      run('r1', { loss: 0.31234, val_f1: 0.912345 }),
      run('r2', { val_f1: 0.8 }, {}, { name: 'big|lr', status: 'failed' }),
      run('r3', { val_f1: 0.1 }, {}, { archivedAt: '2026-12-02T00:00:00Z' }),
    ])
    expect(md(block)).toBe(
      [
        '**Experiment log** (by val_f1, higher is better)',
        '',
        '| Run | Status | val_f1 | loss |',
        '| --- | --- | --- | --- |',
        '| r1 | finished | 0.9123 | 0.3123 |',
        '| big\\|lr | failed | 0.8 |  |',
        '',
      ].join('\n'),
    )
    expect(md(log('runs', []))).toBe('**Experiment log** (by val_f1, higher is better)\n\n_No runs yet._\n')
  })

  it('without a data snapshot, only the settings (never "no runs")', () => {
    expect(md({ type: 'experimentLog', attrs: { id: 'runs', metric: 'latency', lowerIsBetter: true } })).toBe(
      '**Experiment log** (by latency, lower is better)\n',
    )
  })

  it('checklist: items as a task list, and the decision', () => {
    const block = checklist(
      'ship',
      [
        { id: 'i1', text: 'Data validated', signedBy: 'priya' },
        { id: 'i2', text: 'Canary plan' },
      ],
      {
        by: 'u1',
        byName: 'Priya',
        at: '2026-12-03T10:00:00Z',
      },
    )
    expect(md(block)).toBe(
      '**Deployment checklist**\n\n- [x] Data validated — signed by priya\n- [ ] Canary plan\n\nDecision: ready to ship — recorded by Priya on 2026-12-03\n',
    )
    expect(md(checklist('ship', []))).toBe('**Deployment checklist**\n\nDecision: not recorded yet\n')
  })

  it('model card: its written sections in order, and linked runs', () => {
    const block = card('card', { ethics: 'No PII.', details: 'BERT-base, v2' }, [{ blockId: 'runs', runId: 'r1' }])
    expect(md(block)).toBe(
      '**Model card** (runs from runs, best by val_f1)\n\n**Model details:** BERT-base, v2\n\n**Ethical considerations:** No PII.\n\nLinked runs: runs/r1\n',
    )
  })

  it('run comparison: its view in one line', () => {
    expect(md({ type: RUN_COMPARISON_BLOCK, attrs: { id: 'c1', metric: 'val_f1', order: 'desc', dataset: 'holdout', picked: ['runs/r1', 'runs/r2'] } })).toBe(
      '**Run comparison**: by val_f1 (desc), dataset holdout, 2 runs picked\n',
    )
  })

  it('every template renders without losing a heading', () => {
    for (const t of ML_TEMPLATES) {
      const out = toMarkdown(doc(...t.content))
      for (const b of t.content) if (b.type === 'heading') expect(out).toContain(`${'#'.repeat(Number(b.attrs?.level))} ${b.content![0]!.text}`)
    }
  })
})
