import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react'
import { atLeast, canEdit } from '#shared/auth/roles'
import { describeError } from '../../lib/http.ts'
import type { MemberView } from '../../lib/api-types.ts'
import { Link } from '../../components/Link.tsx'
import { useMe } from '../../lib/auth-session.tsx'
import { importPagePath } from '../../lib/router.ts'
import { useApi } from '../../lib/use-api.ts'
import { Notice, type NoticeMessage } from '../../components/Notice.tsx'
import { EmptyState, PageShell } from '../../components/PageShell.tsx'
import { Section } from '../../components/Section.tsx'
import { membersPath } from './api.ts'
import { ActivityCard } from './project/ActivityCard.tsx'
import { ProjectActivity } from '../history/ProjectActivity.tsx'
import { MembersCard } from './project/MembersCard.tsx'
import { ProjectExportButton } from './export/ProjectExportButton.tsx'
import { NewPageButton } from './project/NewPageButton.tsx'
import { ProjectHeader } from './project/ProjectHeader.tsx'
import { StatusSlot } from './project/StatusSlot.tsx'
import { PageTree } from './tree/PageTree.tsx'
import { TrashSection } from './tree/TrashSection.tsx'
import { TreeProvider } from './tree/TreeProvider.tsx'
import { useProject } from './use-project.ts'

/**
 * `/w/:workspaceId/p/:projectId`: the project at a glance. What it is (name, description), its
 * pages (the live tree), where it stands (the Status slot, filled by the task views), what
 * happened lately, and who is in it.
 */
export function HubPage({ workspaceId, projectId }: { workspaceId: string; projectId: string }) {
  const me = useMe()
  const project = useProject(projectId)
  const members = useApi<MemberView[]>(membersPath(projectId))
  const workspaceMembers = useApi<MemberView[]>(`/api/workspaces/${encodeURIComponent(workspaceId)}/members`)
  const [notice, setNotice] = useState<NoticeMessage | null>(null)
  const [activityTab, setActivityTab] = useState<ActivityTab>('edits')
  const onError = useCallback((text: string) => setNotice({ id: Date.now(), text }), [])
  const dismiss = useCallback(() => setNotice(null), [])
  const p = project.state === 'ready' ? project.project : null

  useEffect(() => {
    document.title = `${p?.name ?? 'Project'} · Keel`
  }, [p?.name])

  const colors = useMemo(() => new Map((members.data ?? []).map((m) => [m.userId, m.color])), [members.data])
  const workspaceRoles = useMemo(() => new Map((workspaceMembers.data ?? []).map((m) => [m.userId, m.role])), [workspaceMembers.data])
  const topBar = { workspaceId, crumbs: p ? [{ label: p.name }] : [] }

  if (project.state === 'missing' || project.state === 'error') {
    return (
      <PageShell topBar={topBar}>
        <EmptyState
          title={project.state === 'missing' ? "This project doesn't exist or isn't shared with you" : "This project can't be shown right now"}
          testId="project-unavailable"
        >
          <p>{project.state === 'missing' ? 'Check the link, or ask someone in its workspace for access.' : describeError(project.error)}</p>
          <Link href="/" className="button">
            Go to your workspace
          </Link>
        </EmptyState>
      </PageShell>
    )
  }
  if (p === null) {
    return (
      <PageShell topBar={topBar} testId="project-page">
        <div className="screen__column" aria-busy="true">
          <div className="skeleton__line skeleton__line--title" />
          <div className="skeleton__line" />
        </div>
      </PageShell>
    )
  }

  const editor = canEdit(p.role)
  return (
    <PageShell topBar={topBar} testId="project-page">
      <TreeProvider project={p} currentDocId={null}>
        <div className="screen__column hub">
          <header className="hub__top">
            <ProjectHeader project={p} editable={editor} onSaved={project.update} onError={onError} />
            <div className="hub__actions">
              <ProjectExportButton projectId={p.id} />
              {editor && (
                <Link href={importPagePath(p.workspaceId, p.id)} className="button" data-testid="hub-import">
                  Import
                </Link>
              )}
              {editor && <NewPageButton />}
            </div>
          </header>
          <div className="hub__grid">
            <div className="hub__main">
              <Section title="Pages" testId="hub-pages">
                <PageTree emptyText={editor ? 'No pages yet. Start one with “New page”.' : 'No pages yet.'} />
                <TrashSection />
              </Section>
              {activityTab === 'edits' ? (
                <ActivityCard projectId={p.id} colors={colors} action={<ActivityTabs tab={activityTab} onTab={setActivityTab} />} />
              ) : (
                <ProjectActivity projectId={p.id} title="Recent activity" action={<ActivityTabs tab={activityTab} onTab={setActivityTab} />} />
              )}
            </div>
            <div className="hub__side">
              <StatusSlot projectId={p.id} workspaceId={p.workspaceId} />
              <MembersCard
                projectId={p.id}
                members={members}
                workspaceRoles={workspaceRoles}
                isOwner={atLeast(p.role, 'owner')}
                meId={me.user.id}
                onError={onError}
              />
            </div>
          </div>
        </div>
      </TreeProvider>
      <Notice message={notice} onDismiss={dismiss} />
    </PageShell>
  )
}

export type ActivityTab = 'edits' | 'versions'

/**
 * Recent activity two ways: who edited what lately (the hub's feed), or every saved version with
 * what changed (history). A radio group by the ARIA pattern: one tab stop (the checked option),
 * arrow keys move and select, Home and End go to the ends.
 */
export function ActivityTabs({ tab, onTab }: { tab: ActivityTab; onTab: (tab: ActivityTab) => void }) {
  const options: Array<[ActivityTab, string]> = [
    ['edits', 'Edits'],
    ['versions', 'Versions'],
  ]
  const group = useRef<HTMLDivElement>(null)
  const onKeyDown = (e: ReactKeyboardEvent): void => {
    const at = options.findIndex(([value]) => value === tab)
    const to =
      e.key === 'ArrowRight' || e.key === 'ArrowDown'
        ? at + 1
        : e.key === 'ArrowLeft' || e.key === 'ArrowUp'
          ? at - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? options.length - 1
              : null
    if (to === null) return
    e.preventDefault()
    const i = (to + options.length) % options.length
    onTab(options[i]![0])
    group.current?.querySelectorAll<HTMLElement>('[role="radio"]')[i]?.focus()
  }
  return (
    <div className="segmented" role="radiogroup" aria-label="Show" ref={group} onKeyDown={onKeyDown}>
      {options.map(([value, label]) => (
        <button
          key={value}
          type="button"
          role="radio"
          aria-checked={tab === value}
          tabIndex={tab === value ? 0 : -1}
          className="segmented__option"
          onClick={() => onTab(value)}
          data-testid={`activity-tab-${value}`}
        >
          {label}
        </button>
      ))}
    </div>
  )
}
