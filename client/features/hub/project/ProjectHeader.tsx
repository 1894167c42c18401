import { useEffect, useRef, useState } from 'react'
import { describeError } from '../../../lib/http.ts'
import { hubApi, type ProjectInfo } from '../api.ts'

/**
 * The project's name and description, edited in place by editors (saved when the field loses
 * focus or on Enter for the name); read as plain text by everyone else.
 */
export function ProjectHeader({
  project,
  editable,
  onSaved,
  onError,
}: {
  project: ProjectInfo
  editable: boolean
  onSaved: (p: ProjectInfo) => void
  onError: (text: string) => void
}) {
  const save = async (patch: { name?: string; description?: string }): Promise<void> => {
    try {
      onSaved(await hubApi.updateProject(project.id, patch))
    } catch (err) {
      onError(describeError(err))
    }
  }
  if (!editable) {
    return (
      <div className="hub-header">
        <h1 className="hub-header__name">{project.name}</h1>
        {project.description && <p className="hub-header__description hub-header__description--static">{project.description}</p>}
      </div>
    )
  }
  return (
    <div className="hub-header">
      <InlineField
        className="hub-header__name hub-header__input"
        value={project.name}
        label="Project name"
        maxLength={120}
        testId="project-name"
        onCommit={(name) => name.trim() !== '' && name.trim() !== project.name && void save({ name: name.trim() })}
      />
      <InlineField
        className="hub-header__description hub-header__input"
        value={project.description}
        label="Project description"
        placeholder="Add a description: what this project is for, who it is for, where things stand…"
        maxLength={2000}
        multiline
        testId="project-description"
        onCommit={(description) => description !== project.description && void save({ description })}
      />
    </div>
  )
}

function InlineField({
  value,
  onCommit,
  label,
  placeholder,
  className,
  maxLength,
  multiline,
  testId,
}: {
  value: string
  onCommit: (value: string) => void
  label: string
  placeholder?: string
  className: string
  maxLength: number
  multiline?: boolean
  testId: string
}) {
  const [draft, setDraft] = useState(value)
  const ref = useRef<HTMLTextAreaElement>(null)
  useEffect(() => setDraft(value), [value])
  // Grow with the text, like a paragraph rather than a box.
  useEffect(() => {
    const el = ref.current
    if (!el) return
    el.style.height = '0px'
    el.style.height = `${el.scrollHeight}px`
  }, [draft])
  return (
    <textarea
      ref={ref}
      className={className}
      rows={1}
      value={draft}
      aria-label={label}
      placeholder={placeholder}
      maxLength={maxLength}
      spellCheck={multiline}
      data-testid={testId}
      onChange={(e) => setDraft(multiline ? e.target.value : e.target.value.replace(/\n/g, ''))}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          setDraft(value)
          e.currentTarget.blur()
        } else if (e.key === 'Enter' && (!multiline || e.metaKey || e.ctrlKey)) {
          e.preventDefault()
          e.currentTarget.blur()
        }
      }}
      onBlur={() => onCommit(draft)}
    />
  )
}
