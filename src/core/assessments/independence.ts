/**
 * Independence of auditors, enforced rather than advised (issue 4):
 *  - nobody audits their own institution (mutual audits, and follow-ups of them);
 *  - in an internal audit nobody audits their own area of responsibility (department);
 *  - an auditor who is also a respondent for an item (in the self-inspection of the same
 *    fiscal year) cannot rate that item.
 * Pure: the service gathers the facts (institutions, departments, respondents) and asks here.
 */

export interface IndependenceViolation {
  /** forbidden: this person may not do this; conflict: the audit as composed breaks the rule. */
  kind: 'forbidden' | 'conflict';
  /** Japanese first, then English. */
  message: string;
  field?: string;
}

export interface TeamMemberFacts {
  userId: string;
  name: string;
  institutionId: string;
  /** Departments this person is responsible for: declared on appointment and derived from their self-inspection answers and assignments. */
  departments: readonly string[];
}

export interface AuditFacts {
  /** mutual audits (and their follow-ups) are done by another institution; internal ones by the institution itself. */
  kind: 'mutual' | 'internal' | 'follow_up';
  auditeeInstitutionId: string;
  auditingInstitutionId: string;
  /** The audited department (internal audits, and follow-ups of them). */
  auditeeDepartment: string | null;
}

/** Departments compare without regard to width, case and surrounding or inner spaces: 「情報基盤センター」 = 「情報基盤 センター」. */
export function sameDepartment(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  return norm(a) !== '' && norm(a) === norm(b);
}

/** Who may sit on the audit team at all. The first violation found is returned (team order). */
export function checkTeam(audit: AuditFacts, team: readonly TeamMemberFacts[]): IndependenceViolation | null {
  const external = audit.auditingInstitutionId !== audit.auditeeInstitutionId;
  if (audit.kind === 'mutual' && !external) {
    return { kind: 'conflict', message: '相互監査では自機関を監査できません。監査する機関と監査を受ける機関を別にしてください / In a mutual audit an institution cannot audit itself', field: 'body.auditeeInstitutionId' };
  }
  if (audit.kind === 'internal' && external) {
    return { kind: 'conflict', message: '内部監査は自機関の監査員が行います / An internal audit is done by auditors of the institution itself' };
  }
  for (const m of team) {
    if (m.institutionId === audit.auditeeInstitutionId && external) {
      return {
        kind: 'conflict',
        message: `${m.name} さんは監査を受ける機関の所属のため、この監査の監査員にはなれません（自機関は監査できません） / ${m.name} belongs to the audited institution and cannot audit it`,
        field: 'body.team',
      };
    }
    if (m.institutionId !== audit.auditingInstitutionId) {
      return { kind: 'conflict', message: `${m.name} さんは監査を行う機関の所属ではありません / ${m.name} is not a member of the auditing institution`, field: 'body.team' };
    }
    if (audit.auditeeDepartment && m.departments.some((d) => sameDepartment(d, audit.auditeeDepartment!))) {
      return {
        kind: 'conflict',
        message: `${m.name} さんは「${audit.auditeeDepartment}」を担当しているため、この内部監査の監査員にはなれません（自分の担当業務は監査できません） / ${m.name} is responsible for ${audit.auditeeDepartment} and cannot audit their own area`,
        field: 'body.team',
      };
    }
  }
  if (audit.kind === 'internal' && !audit.auditeeDepartment) {
    return { kind: 'conflict', message: '内部監査では監査対象の部局を指定してください / An internal audit names the audited department', field: 'body.auditeeDepartment' };
  }
  return null;
}

/**
 * Whether an auditor may rate an item: not when they answer (or are assigned to answer) the same
 * item in the auditee's self-inspection of the same fiscal year. `respondents` are the user ids
 * that answer the item's citation there.
 */
export function checkRater(auditor: { userId: string; name: string }, item: { citation: string }, respondents: ReadonlySet<string>): IndependenceViolation | null {
  if (!respondents.has(auditor.userId)) return null;
  return {
    kind: 'forbidden',
    message: `${auditor.name} さんは同じ年度の自己点検で項目 ${item.citation} の回答者のため、この項目を評価できません（自分の回答は監査できません） / You answer item ${item.citation} in the self-inspection of the same fiscal year and cannot rate it`,
  };
}

/** Citations compare after width normalisation, so 6.1(1)① from two templates of the same standard match. */
export const citationKey = (citation: string) => citation.normalize('NFKC').replace(/\s+/g, '');
