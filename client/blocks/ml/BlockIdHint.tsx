import { useState } from 'react'

/** The block id with a copy button, and the one line that pushes data into it. */
export function BlockIdHint({ id, command }: { id: string | null; command: string | null }) {
  const [copied, setCopied] = useState<string | null>(null)
  const copy = (what: string, text: string) => {
    void navigator.clipboard?.writeText(text).then(
      () => {
        setCopied(what)
        setTimeout(() => setCopied(null), 1500)
      },
      () => {},
    )
  }
  if (!id) return <div className="ml-hint ml-hint--pending">Assigning a block id…</div>
  return (
    <div className="ml-hint" data-testid="block-id-hint">
      <span className="ml-hint__label">Block</span>
      <code className="ml-hint__id" data-testid="block-id">
        {id}
      </code>
      <button type="button" className="ml-icon-button" onClick={() => copy('id', id)} title="Copy the block id" aria-label="Copy the block id">
        {copied === 'id' ? 'Copied' : 'Copy'}
      </button>
      {command && (
        <>
          <span className="ml-hint__sep" aria-hidden="true" />
          <span className="ml-hint__label">Push runs with</span>
          <code className="ml-hint__cmd" title={command}>
            {command}
          </code>
          <button type="button" className="ml-icon-button" onClick={() => copy('cmd', command)} title="Copy the command" aria-label="Copy the command">
            {copied === 'cmd' ? 'Copied' : 'Copy'}
          </button>
        </>
      )}
    </div>
  )
}
