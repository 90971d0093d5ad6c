import { describe, expect, it } from 'vitest';
import { auditAccess, auditTransition, canClose, canStartFieldwork, checkPairs, consortiumAggregates, findingTransition, MIN_CONTRIBUTORS, proposeRotation } from './audits.ts';
import { checkRater, checkTeam, citationKey, sameDepartment } from './independence.ts';

const member = (userId: string, institutionId: string, departments: string[] = []) => ({ userId, name: userId, institutionId, departments });

describe('independence of auditors', () => {
  const mutual = { kind: 'mutual' as const, auditeeInstitutionId: 'B', auditingInstitutionId: 'A', auditeeDepartment: null };

  it('lets members of another institution audit in a mutual audit', () => {
    expect(checkTeam(mutual, [member('a1', 'A'), member('a2', 'A')])).toBeNull();
  });

  it('refuses anyone auditing their own institution', () => {
    const v = checkTeam(mutual, [member('a1', 'A'), member('b1', 'B')]);
    expect(v?.kind).toBe('conflict');
    expect(v?.message).toMatch(/^b1 さんは監査を受ける機関の所属のため/);
    expect(checkTeam({ ...mutual, auditingInstitutionId: 'B' }, [member('b1', 'B')])?.message).toMatch(/^相互監査では自機関を監査できません/);
  });

  it('refuses team members from a third institution', () => {
    expect(checkTeam(mutual, [member('c1', 'C')])?.message).toMatch(/監査を行う機関の所属ではありません/);
  });

  it('refuses, in an internal audit, anyone responsible for the audited department (width and spaces ignored)', () => {
    const internal = { kind: 'internal' as const, auditeeInstitutionId: 'A', auditingInstitutionId: 'A', auditeeDepartment: '情報基盤センター' };
    expect(checkTeam(internal, [member('a1', 'A', ['総務課'])])).toBeNull();
    const v = checkTeam(internal, [member('a1', 'A', ['総務課']), member('a2', 'A', ['情報基盤 センター'])]);
    expect(v?.message).toMatch(/^a2 さんは「情報基盤センター」を担当しているため/);
    expect(checkTeam({ ...internal, auditeeDepartment: null }, [member('a1', 'A')])?.field).toBe('body.auditeeDepartment');
    expect(checkTeam({ ...internal, auditingInstitutionId: 'B' }, [member('b1', 'B')])?.kind).toBe('conflict');
  });

  it('applies the department rule to follow-ups of internal audits, and the institution rule to follow-ups of mutual ones', () => {
    const fu = { kind: 'follow_up' as const, auditeeInstitutionId: 'A', auditingInstitutionId: 'A', auditeeDepartment: '総務課' };
    expect(checkTeam(fu, [member('a1', 'A', ['総務課'])])?.kind).toBe('conflict');
    expect(checkTeam({ ...fu, auditingInstitutionId: 'C', auditeeDepartment: null }, [member('a1', 'A')])?.message).toMatch(/監査を受ける機関の所属/);
  });

  it('forbids a respondent of an item to rate it, and nobody else', () => {
    expect(checkRater({ userId: 'u1', name: '吉野' }, { citation: '6.1(1)①' }, new Set(['u2']))).toBeNull();
    const v = checkRater({ userId: 'u1', name: '吉野' }, { citation: '6.1(1)①' }, new Set(['u1']));
    expect(v?.kind).toBe('forbidden');
    expect(v?.message).toMatch(/^吉野 さんは同じ年度の自己点検で項目 6\.1\(1\)① の回答者のため/);
  });

  it('compares citations and departments after normalisation', () => {
    expect(citationKey('６.１（１）①')).toBe(citationKey('6.1(1)①'));
    expect(sameDepartment('ＩＴ部', 'it部')).toBe(true);
    expect(sameDepartment('', '')).toBe(false);
  });
});

describe('audit states and access windows', () => {
  it('moves only forward, one step at a time', () => {
    expect(auditTransition('planned', 'fieldwork')).toBeNull();
    expect(auditTransition('response', 'closed')).toBeNull();
    expect(auditTransition('planned', 'reporting')?.message).toMatch(/^監査を「計画」から「報告書作成」にはできません/);
    expect(auditTransition('closed', 'planned')?.kind).toBe('conflict');
    expect(auditTransition('fieldwork', 'fieldwork')).not.toBeNull();
  });

  it('needs the scope agreed by both institutions before a mutual audit starts', () => {
    expect(canStartFieldwork({ items: 3, external: true, auditorAccepted: true, auditeeAccepted: false })?.kind).toBe('conflict');
    expect(canStartFieldwork({ items: 3, external: true, auditorAccepted: true, auditeeAccepted: true })).toBeNull();
    expect(canStartFieldwork({ items: 3, external: false, auditorAccepted: false, auditeeAccepted: false })).toBeNull();
    expect(canStartFieldwork({ items: 0, external: false, auditorAccepted: true, auditeeAccepted: true })).not.toBeNull();
  });

  it('shows the auditee’s material to the team only from fieldwork to response, and nothing after closing', () => {
    const team = { team: true, lead: false, auditeeManager: false, auditingManager: false };
    expect(auditAccess({ ...team, state: 'planned' })).toEqual({ see: true, material: false, workingPapers: false, audit: false, respond: false });
    expect(auditAccess({ ...team, state: 'fieldwork' })).toEqual({ see: true, material: true, workingPapers: true, audit: true, respond: false });
    expect(auditAccess({ ...team, state: 'response' })).toEqual({ see: true, material: true, workingPapers: true, audit: false, respond: false });
    expect(auditAccess({ ...team, state: 'closed' }).see).toBe(false);
    const auditingManager = { team: false, lead: false, auditeeManager: false, auditingManager: true };
    expect(auditAccess({ ...auditingManager, state: 'fieldwork' })).toMatchObject({ see: true, material: false });
    expect(auditAccess({ ...auditingManager, state: 'closed' }).see).toBe(false);
    const auditee = { team: false, lead: false, auditeeManager: true, auditingManager: false };
    expect(auditAccess({ ...auditee, state: 'closed' })).toMatchObject({ see: true, material: true, workingPapers: true, respond: false });
    // Draft ratings and the team's notes reach the auditee only with the issued report.
    expect(auditAccess({ ...auditee, state: 'fieldwork' })).toMatchObject({ material: true, workingPapers: false });
    expect(auditAccess({ ...auditee, state: 'reporting' })).toMatchObject({ material: true, workingPapers: false });
    expect(auditAccess({ ...auditee, state: 'response' })).toMatchObject({ material: true, workingPapers: true });
    expect(auditAccess({ team: false, lead: false, auditeeManager: false, auditingManager: false, state: 'fieldwork' }).see).toBe(false);
  });

  it('closes only when every nonconformity has a response and an action plan', () => {
    expect(canClose([{ category: 'observation', response: null, actionWhat: null, actionDue: null }])).toBeNull();
    expect(canClose([{ category: 'minor_nc', response: '対応します', actionWhat: null, actionDue: null }])?.message).toMatch(/^不適合の指摘 1 件/);
    expect(canClose([{ category: 'major_nc', response: '対応します', actionWhat: '手順書を改訂', actionDue: '2027-03-31' }])).toBeNull();
  });

  it('lets the auditee progress findings and only auditors close them', () => {
    expect(findingTransition('open', 'in_progress', 'auditee')).toBeNull();
    expect(findingTransition('in_progress', 'done', 'auditee')).toBeNull();
    expect(findingTransition('done', 'closed', 'auditee')?.kind).toBe('forbidden');
    expect(findingTransition('done', 'closed', 'auditor')).toBeNull();
    expect(findingTransition('done', 'in_progress', 'auditor')).toBeNull();
    expect(findingTransition('open', 'closed', 'auditor')?.kind).toBe('conflict');
  });
});

describe('consortium aggregates', () => {
  const rated = (inst: string, chapter: string, ...ratings: ('conforming' | 'minor_nc' | 'good_practice')[]) => ratings.map((rating) => ({ institutionId: inst, chapter, rating }));

  it(`shows nothing with fewer than ${MIN_CONTRIBUTORS} contributing institutions`, () => {
    expect(MIN_CONTRIBUTORS).toBe(3);
    const two = [...rated('A', '6', 'conforming', 'minor_nc'), ...rated('B', '6', 'conforming')];
    expect(consortiumAggregates(two)).toEqual({ contributors: 2, available: false, chapters: [] });
    expect(consortiumAggregates([])).toEqual({ contributors: 0, available: false, chapters: [] });
  });

  it('gives the share rated 適合 per chapter with three, leaving out chapters fewer contribute to', () => {
    const three = [...rated('A', '6', 'conforming', 'minor_nc'), ...rated('B', '6', 'good_practice'), ...rated('C', '6', 'conforming'), ...rated('A', '1', 'conforming'), ...rated('B', '1', 'minor_nc')];
    const agg = consortiumAggregates(three);
    expect(agg.available).toBe(true);
    expect(agg.chapters.map((c) => c.chapter)).toEqual(['6']);
    expect(agg.chapters[0]).toMatchObject({ contributors: 3, rated: 4, conformingShare: 0.75 });
    expect(agg.chapters[0]!.shares.minor_nc).toBe(0.25);
  });
});

describe('mutual audit year plans', () => {
  it('refuses self-audits and duplicate pairs', () => {
    const members = new Set(['A', 'B', 'C']);
    expect(checkPairs([{ auditor: 'A', auditee: 'B' }], members)).toBeNull();
    expect(checkPairs([{ auditor: 'A', auditee: 'A' }], members)?.kind).toBe('conflict');
    expect(checkPairs([{ auditor: 'A', auditee: 'B' }, { auditor: 'A', auditee: 'B' }], members)?.field).toBe('body.pairs.1');
    expect(checkPairs([{ auditor: 'A', auditee: 'X' }], members)?.kind).toBe('validation');
  });

  const valid = (members: string[], pairs: { auditor: string; auditee: string }[]) => {
    expect(pairs).toHaveLength(members.length);
    expect(new Set(pairs.map((p) => p.auditee)).size).toBe(members.length);
    for (const p of pairs) expect(p.auditor).not.toBe(p.auditee);
  };

  it('rotates so nobody audits the same auditee twice in a row, avoiding mutual pairs when it can', () => {
    const members = ['A', 'B', 'C', 'D'];
    const first = proposeRotation(members, []);
    valid(members, first);
    const second = proposeRotation(members, first);
    valid(members, second);
    const firstKeys = new Set(first.map((p) => `${p.auditor}>${p.auditee}`));
    expect(second.filter((p) => firstKeys.has(`${p.auditor}>${p.auditee}`))).toEqual([]);
    const keys = new Set(second.map((p) => `${p.auditor}>${p.auditee}`));
    expect(second.filter((p) => keys.has(`${p.auditee}>${p.auditor}`))).toEqual([]);
  });

  it('avoids repeating last year’s pairs even when they were not a rotation (A→B, C→D)', () => {
    const members = ['A', 'B', 'C', 'D', 'E'];
    const last = [{ auditor: 'A', auditee: 'B' }, { auditor: 'C', auditee: 'D' }, { auditor: 'B', auditee: 'C' }, { auditor: 'D', auditee: 'E' }, { auditor: 'E', auditee: 'A' }, { auditor: 'A', auditee: 'C' }];
    const next = proposeRotation(members, last);
    valid(members, next);
    const lastKeys = new Set(last.map((p) => `${p.auditor}>${p.auditee}`));
    expect(next.filter((p) => lastKeys.has(`${p.auditor}>${p.auditee}`))).toEqual([]);
  });

  it('repeats a pair only when there is no other way (two members)', () => {
    expect(proposeRotation(['A', 'B'], [{ auditor: 'A', auditee: 'B' }, { auditor: 'B', auditee: 'A' }])).toEqual([{ auditor: 'A', auditee: 'B' }, { auditor: 'B', auditee: 'A' }]);
    expect(proposeRotation(['A'], [])).toEqual([]);
  });
});
