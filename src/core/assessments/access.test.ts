import { describe, expect, it } from 'vitest';
import type { Role } from '../../common/roles.ts';
import { type Actor, SYSTEM_ACTOR, can } from '../access.ts';

const actor = (id: string, institutionId: string, roles: Role[], kind: 'member' | 'operator' = 'member'): Actor => ({
  kind: 'user', userId: id, institutionId, institutionKind: kind, roles, label: id, ip: null,
});

describe('self-inspection permissions deny by default', () => {
  it('lets the institution’s administrators and CISO run campaigns, nobody else', () => {
    expect(can.manageAssessments(actor('u', 'a', ['admin']), 'a')).toBe(true);
    expect(can.manageAssessments(actor('u', 'a', ['ciso']), 'a')).toBe(true);
    expect(can.manageAssessments(actor('u', 'a', ['admin']), 'b')).toBe(false);
    for (const r of ['staff', 'csirt', 'auditor', 'sysadmin', 'coordinator'] as Role[]) expect(can.manageAssessments(actor('u', 'a', [r]), 'a')).toBe(false);
    // The consortium's administrators do not see members' self-inspections.
    expect(can.manageAssessments(actor('u', 'soc', ['admin'], 'operator'), 'a')).toBe(false);
    expect(can.manageAssessments(SYSTEM_ACTOR, 'a')).toBe(false);
  });

  it('lets the responsible person review, in their own institution', () => {
    expect(can.reviewAssessment(actor('owner', 'a', ['auditor']), { institutionId: 'a', ownerId: 'owner' })).toBe(true);
    expect(can.reviewAssessment(actor('other', 'a', ['auditor']), { institutionId: 'a', ownerId: 'owner' })).toBe(false);
    expect(can.reviewAssessment(actor('owner', 'b', ['auditor']), { institutionId: 'a', ownerId: 'owner' })).toBe(false);
    expect(can.reviewAssessment(actor('boss', 'a', ['ciso']), { institutionId: 'a', ownerId: 'owner' })).toBe(true);
  });

  it('lets respondents answer items assigned to them or to a role they hold', () => {
    const sys = actor('s1', 'a', ['sysadmin']);
    expect(can.answerAssessmentItem(sys, 'a', [{ userId: null, role: 'sysadmin' }])).toBe(true);
    expect(can.answerAssessmentItem(sys, 'a', [{ userId: 's1', role: null }])).toBe(true);
    expect(can.answerAssessmentItem(sys, 'a', [{ userId: 's2', role: null }, { userId: null, role: 'staff' }])).toBe(false);
    expect(can.answerAssessmentItem(sys, 'b', [{ userId: null, role: 'sysadmin' }])).toBe(false);
    expect(can.answerAssessmentItem(actor('adm', 'a', ['admin']), 'a', [])).toBe(false);
  });
});
