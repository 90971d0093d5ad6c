import { describe, expect, it } from 'vitest';
import type { Role } from '../common/roles.ts';
import { type Actor, can, isConsortiumAdmin } from './access.ts';

const actor = (institutionId: string, roles: Role[], kind: 'member' | 'operator' = 'member'): Actor => ({
  kind: 'user', userId: `u-${institutionId}-${roles.join('-')}`, institutionId, institutionKind: kind, roles, label: 'x', ip: null,
});

describe('access rules deny by default', () => {
  it('lets only operator administrators run the consortium register', () => {
    expect(isConsortiumAdmin(actor('soc', ['admin'], 'operator'))).toBe(true);
    expect(isConsortiumAdmin(actor('soc', ['operator'], 'operator'))).toBe(false);
    expect(isConsortiumAdmin(actor('a', ['admin']))).toBe(false);
    expect(can.manageInstitutions(actor('a', ['admin', 'ciso', 'coordinator']))).toBe(false);
  });

  it('keeps institution administration inside the institution', () => {
    const a = actor('a', ['admin']);
    expect(can.manageMembers(a, 'a')).toBe(true);
    expect(can.manageMembers(a, 'b')).toBe(false);
    expect(can.readMembers(actor('a', ['ciso']), 'a')).toBe(true);
    expect(can.readMembers(actor('a', ['staff', 'csirt', 'auditor', 'sysadmin']), 'a')).toBe(false);
    expect(can.readAudit(a, null)).toBe(false);
    expect(can.readAudit(a, 'a')).toBe(true);
  });

  it('lets the coordinator, but not the CISO, edit contact points', () => {
    expect(can.editInstitutionContacts(actor('a', ['coordinator']), 'a')).toBe(true);
    expect(can.editInstitutionContacts(actor('a', ['coordinator']), 'b')).toBe(false);
    expect(can.editInstitutionContacts(actor('a', ['ciso']), 'a')).toBe(false);
  });
});
