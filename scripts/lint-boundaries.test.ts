import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

/**
 * The import floors of eslint.config.js, checked through ESLint's own Node API with the real
 * config: one import line as if it were written in a file of a given folder (the file need not
 * exist). Each floor has a case that must be refused and a neighbour that must pass, so a pattern
 * that matches nothing (or everything) fails here rather than silently in review.
 */
const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname })

async function floorErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\n`, { filePath })
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals').map((m) => m.message)
}

const refused: [file: string, source: string][] = [
  ['shared/hub/x.ts', "export { a } from '../../client/lib/router.ts'"],
  ['shared/x.ts', "import { a } from '../server/app.ts'"],
  ['shared/doc/x.ts', "import { a } from '../../scripts/traces/load.ts'"],
  ['shared/doc/x.ts', "import { a } from '../../test/e2e/app.ts'"],
  ['shared/x.ts', "import fs from 'node:fs'"],
  ['shared/x.ts', "import path from 'path'"],
  ['shared/x.ts', 'export const w = window.location.href'],
  ['client/main.tsx', "import { a } from '../server/app.ts'"],
  ['client/collab/x.ts', "import type { A } from '../../server/test/harness.ts'"],
  ['client/features/tasks/x.tsx', "import { a } from '../../../scripts/bench/lib/util.ts'"],
  ['client/features/tasks/x.tsx', "import { a } from '../../../test/e2e/app.ts'"],
  ['server/app.ts', "import { a } from '../client/lib/router.ts'"],
  ['server/collab/x.ts', "import { a } from '../../test/reliability/helpers.ts'"],
  ['server/collab/x.test.ts', "import { a } from '../../test/e2e/browser.ts'"],
  ['client/blocks/task/x.tsx', "import { a } from '../../features/tasks/api.ts'"],
  ['client/blocks/x.ts', "import { a } from '../pages/account/AccountPage.tsx'"],
  ['client/blocks/ml/run/x.tsx', "import { a } from '../../../app/App.tsx'"],
  ['client/blocks/task/x.tsx', "import { a } from '../../editor/extensions.ts'"],
  ['client/editor/x.ts', "import { a } from '../features/switcher/list-keys.ts'"],
  ['client/editor/extensions/doc-link/x.ts', "import { a } from '../../../app/router.ts'"],
  ['client/lib/x.ts', "import { a } from '../collab/doc-session.ts'"],
  ['client/lib/api/x.ts', "import { a } from '../../components/TopBar.tsx'"],
  ['client/lib/api/x.ts', "import { a } from '../../../server/app.ts'"],
  ['client/features/hub/x.tsx', "import { a } from '../../pages/workspace/Section.tsx'"],
  ['client/features/hub/x.tsx', "import { a } from '../../app/App.tsx'"],
  ['client/pages/x.tsx', "import { a } from '../app/App.tsx'"],
  ['client/collab/x.ts', "import { a } from '../blocks/task/node.ts'"],
  ['client/components/x.tsx', "import { a } from '../features/switcher/switcher-store.ts'"],
]

const allowed: [file: string, source: string][] = [
  ['shared/hub/x.ts', "import { a } from '../limits.ts'"],
  ['shared/x.ts', "import * as Y from 'yjs'"],
  ['client/lib/x.ts', "import { limits } from '#shared/limits'"],
  ['client/lib/api/x.ts', "import { a } from '../router.ts'"],
  ['client/lib/x.ts', "import { a } from './router.ts'"],
  ['client/blocks/task/x.tsx', "import { a } from '../../lib/router.ts'"],
  ['client/blocks/task/x.tsx', "import { a } from '../ml/node.ts'"],
  ['client/editor/x.ts', "import { a } from '../blocks/task/node.ts'"],
  ['client/features/tasks/x.tsx', "import { a } from '../../editor/Editor.tsx'"],
  ['client/features/tasks/x.tsx', "import { a } from '../hub/tree.ts'"],
  ['client/app/App.tsx', "import { a } from '../pages/account/AccountPage.tsx'"],
  ['client/api/http.test.ts', "import http from 'node:http'"],
  ['server/collab/x.test.ts', "import { a } from '../test/harness.ts'"],
  ['server/x.ts', "import { a } from './test/fixtures.ts'"],
  ['server/collab/x.int.test.ts', "import { a } from '../../scripts/traces/load.ts'"],
  ['server/x.ts', "import fs from 'node:fs'"],
  ['test/e2e/x.ts', "import { a } from '../../server/test/child-server.ts'"],
  ['test/reliability/x.ts', "import { a } from '../../client/editor/extensions.ts'"],
  ['scripts/bench/x.ts', "import { a } from '../../test/e2e/browser.ts'"],
]

describe('import floors (eslint.config.js)', () => {
  it.each(refused)('%s: refuses %s', async (file, source) => {
    expect(await floorErrors(file, source)).toHaveLength(1)
  })

  it.each(allowed)('%s: allows %s', async (file, source) => {
    expect(await floorErrors(file, source)).toEqual([])
  })

  it('names the floor and the reason in the message', async () => {
    const [message] = await floorErrors('client/editor/x.ts', "import { a } from '../features/switcher/list-keys.ts'")
    expect(message).toContain('client/editor → client/features')
  })
})
