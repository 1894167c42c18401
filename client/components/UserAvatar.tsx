import { initials } from '../collab/presence.ts'

const safeColor = (color: string): string => (/^#[0-9a-f]{3,8}$/i.test(color) ? color : '#8b8d98')

/** A person's initials on their colour (the same colour as their caret in documents). */
export function UserAvatar({ name, color, size = 28 }: { name: string; color: string; size?: number }) {
  return (
    <span className="user-avatar" style={{ backgroundColor: safeColor(color), width: size, height: size, fontSize: size * 0.38 }} aria-hidden="true">
      {initials(name)}
    </span>
  )
}
