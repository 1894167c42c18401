import type { ReactNode } from 'react'
import { timeAgo } from '../../../lib/format.ts'
import { Link } from '../../../components/Link.tsx'
import { docPath } from '../../../lib/router.ts'
import { useApi } from '../../../lib/use-api.ts'
import { UserAvatar } from '../../../components/UserAvatar.tsx'
import { Section, SectionState } from '../../../components/Section.tsx'
import { activityPath, type ActivityItem } from '../api.ts'

/** "Ada edited Spec · 12 changes · 10 min ago": the last two weeks, bursts of edits folded by the server. */
export function ActivityCard({ projectId, colors, action }: { projectId: string; colors: ReadonlyMap<string, string>; action?: ReactNode }) {
  const activity = useApi<ActivityItem[]>(activityPath(projectId))
  return (
    <Section title="Recent activity" action={action} testId="activity">
      <SectionState loaded={activity} empty={activity.data?.length === 0} emptyText="Nothing edited in the last two weeks.">
        <ul className="activity">
          {activity.data?.slice(0, 12).map((a) => (
            <li key={`${a.docId}-${a.userId}-${a.to}`} className="activity__item" data-testid="activity-item">
              <UserAvatar name={a.userName ?? 'Someone'} color={colors.get(a.userId) ?? '#8b8d98'} />
              <span className="activity__text">
                <strong>{a.userName ?? 'Someone'}</strong> edited{' '}
                <Link href={docPath(a.docId)} className="activity__doc">
                  {a.title || 'Untitled'}
                </Link>
                <span className="activity__meta">
                  {' · '}
                  {a.updates} {a.updates === 1 ? 'change' : 'changes'} · {timeAgo(a.to)}
                </span>
              </span>
            </li>
          ))}
        </ul>
      </SectionState>
    </Section>
  )
}
