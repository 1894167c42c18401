import type { ReactNode } from 'react'

/** The centred card of the signed-out screens (sign-in, invite). */
export function AuthCard({
  title,
  subtitle,
  children,
  footer,
  testId,
}: {
  title: string
  subtitle?: ReactNode
  children: ReactNode
  footer?: ReactNode
  testId?: string
}) {
  return (
    <main className="auth" data-testid={testId}>
      <div className="auth__brand">
        <svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true">
          <rect width="24" height="24" rx="6" fill="currentColor" />
          <path d="M5 9.5h14l-2.6 5.2a2 2 0 0 1-1.8 1.1H9.4a2 2 0 0 1-1.8-1.1z" fill="#fff" className="mark__cut" />
          <path d="M12 15.8v3.2" stroke="#fff" className="mark__keel" strokeWidth="2" strokeLinecap="round" />
        </svg>
        <span>Keel</span>
      </div>
      <section className="auth__card">
        <h1 className="auth__title">{title}</h1>
        {subtitle && <p className="auth__subtitle">{subtitle}</p>}
        {children}
      </section>
      {footer && <p className="auth__footer">{footer}</p>}
    </main>
  )
}
