import type { ReactNode } from 'react'
import { TopBar, type TopBarProps } from './TopBar.tsx'

/** A page under the top bar: workspace, project and settings pages share it. */
export function PageShell({ topBar, children, testId }: { topBar: TopBarProps; children: ReactNode; testId?: string }) {
  return (
    <div className="app">
      <TopBar {...topBar} />
      <main className="screen" data-testid={testId}>
        {children}
      </main>
    </div>
  )
}

/** A centred message for a page that cannot show its content. */
export function EmptyState({ title, children, testId }: { title: string; children?: ReactNode; testId?: string }) {
  return (
    <div className="empty-state" data-testid={testId}>
      <h1>{title}</h1>
      {children}
    </div>
  )
}
