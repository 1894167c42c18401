import type { TemplateInfo } from '../api.ts'
import { templatesPath } from '../api.ts'
import { useApi } from '../../../lib/use-api.ts'

/**
 * Blank, the built-in templates, then the workspace's own (pages marked as templates), as menu
 * items. `onPick(undefined)` is a blank page.
 */
export function TemplateList({ workspaceId, onPick }: { workspaceId: string; onPick: (template: string | undefined) => void }) {
  const templates = useApi<TemplateInfo[]>(templatesPath(workspaceId))
  const builtIn = templates.data?.filter((t) => t.builtIn) ?? []
  const own = templates.data?.filter((t) => !t.builtIn) ?? []
  return (
    <>
      <TemplateItem name="Blank page" description="Start from nothing" onClick={() => onPick(undefined)} testId="template-blank" />
      {builtIn.map((t) => (
        <TemplateItem key={t.key} name={t.name} description={t.description} onClick={() => onPick(t.key)} testId={`template-${t.key}`} />
      ))}
      {own.length > 0 && <div className="menu__label">From this workspace</div>}
      {own.map((t) => (
        <TemplateItem key={t.key} name={t.name || 'Untitled'} description={t.description} onClick={() => onPick(t.key)} testId="template-workspace" />
      ))}
      {templates.loading && templates.data === undefined && <div className="menu__hint">Loading templates…</div>}
    </>
  )
}

function TemplateItem({ name, description, onClick, testId }: { name: string; description: string; onClick: () => void; testId: string }) {
  return (
    <button type="button" role="menuitem" className="menu__item menu__item--two-line" onClick={onClick} data-testid={testId}>
      <span className="menu__item-name">{name}</span>
      <span className="menu__item-desc">{description}</span>
    </button>
  )
}
