import { useCallback, useRef, useState } from 'react'
import { Link } from './Link.tsx'
import { navigate, signInPath } from '../lib/router.ts'
import { useMe, useSession } from '../lib/auth-session.tsx'
import { useDismiss } from '../lib/use-dismiss.ts'
import { UserAvatar } from './UserAvatar.tsx'
import { THEME_PREFERENCES, setThemePreference, useThemePreference, type ThemePreference } from '../lib/theme.ts'

const THEME_LABELS: Record<ThemePreference, string> = { system: 'System', light: 'Light', dark: 'Dark' }

/** Your avatar at the right of the top bar: who you are, settings, sign out. */
export function UserMenu() {
  const { user } = useMe()
  const { signOut } = useSession()
  const [open, setOpen] = useState(false)
  const ref = useRef<HTMLDivElement>(null)
  const close = useCallback(() => setOpen(false), [])
  useDismiss(ref, open, close)

  return (
    <div className="menu-anchor" ref={ref}>
      <button
        type="button"
        className="icon-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={`Account: ${user.name}`}
        data-testid="user-menu"
        onClick={() => setOpen((o) => !o)}
      >
        <UserAvatar name={user.name} color={user.color} />
      </button>
      {open && (
        <div className="menu menu--right" role="menu">
          <div className="menu__header">
            <div className="menu__title">{user.name}</div>
            <div className="menu__subtitle">{user.email}</div>
          </div>
          <div className="menu__sep" />
          <ThemeChoice />
          <div className="menu__sep" />
          <Link href="/settings/account" className="menu__item" role="menuitem" onClick={close}>
            Account settings
          </Link>
          <button
            type="button"
            className="menu__item"
            role="menuitem"
            data-testid="sign-out"
            onClick={() => {
              close()
              void signOut().finally(() => navigate(signInPath('/'), { replace: true }))
            }}
          >
            Sign out
          </button>
        </div>
      )}
    </div>
  )
}

/** System / Light / Dark: a segmented choice inside the menu (it stays open while you try them). */
function ThemeChoice() {
  const preference = useThemePreference()
  return (
    <div className="menu__theme" role="group" aria-label="Appearance">
      <span className="menu__theme-label">Appearance</span>
      <div className="segmented">
        {THEME_PREFERENCES.map((p) => (
          <button
            key={p}
            type="button"
            className="segmented__option"
            role="menuitemradio"
            aria-checked={preference === p}
            data-testid={`theme-${p}`}
            onClick={() => setThemePreference(p)}
          >
            {THEME_LABELS[p]}
          </button>
        ))}
      </div>
    </div>
  )
}
