import { parseBody } from '#shared/comments/body'

/** A comment's body, markdown-lite: bold, italic, code, links, @mentions and page links. */
export function CommentBody({ body }: { body: string }) {
  return (
    <div className="cthread__body">
      {parseBody(body).map((part, i) => {
        switch (part.kind) {
          case 'text':
            return <span key={i}>{part.text}</span>
          case 'bold':
            return <strong key={i}>{part.text}</strong>
          case 'italic':
            return <em key={i}>{part.text}</em>
          case 'code':
            return <code key={i}>{part.text}</code>
          case 'link':
            return (
              <a key={i} href={part.href} target="_blank" rel="noopener noreferrer nofollow">
                {part.href}
              </a>
            )
          case 'mention':
            return (
              <span key={i} className="cthread__mention" data-user-id={part.userId}>
                @{part.name}
              </span>
            )
          case 'page':
            return (
              <a key={i} href={`/d/${encodeURIComponent(part.docId)}`} className="cthread__page">
                {part.title}
              </a>
            )
        }
      })}
    </div>
  )
}
