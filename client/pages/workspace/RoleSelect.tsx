import { ROLES } from '#shared/auth/roles'
import type { Role } from '../../lib/api-types.ts'
import { roleHint, roleLabel } from '../../lib/format.ts'

/** A compact role picker; each option says what the role may do. */
export function RoleSelect({
  value,
  onChange,
  disabled,
  label,
  testId,
}: {
  value: Role
  onChange: (role: Role) => void
  disabled?: boolean
  label: string
  testId?: string
}) {
  return (
    <select className="select" value={value} disabled={disabled} aria-label={label} data-testid={testId} onChange={(e) => onChange(e.target.value as Role)}>
      {ROLES.map((role) => (
        <option key={role} value={role} title={roleHint[role]}>
          {roleLabel[role]}
        </option>
      ))}
    </select>
  )
}
