/**
 * Messages of the audit pages, mounted as `assessments.audits` (see ../messages.ts).
 * `auditsEn` is typed by the Japanese tree, so both languages keep the same keys.
 */
export const auditsJa = {
  nav: { audits: '監査', plan: '相互監査の計画' },
  kind: { mutual: '相互監査', internal: '内部監査', follow_up: 'フォローアップ監査' },
  status: { planned: '計画', fieldwork: '実地調査', reporting: '報告書作成', response: '被監査側の回答', closed: '完了' },
  rating: { conforming: '適合', minor_nc: '軽微な不適合', major_nc: '重大な不適合', observation: '観察事項', good_practice: '良好事例' },
  findingStatus: { open: '未対応', in_progress: '是正中', done: '是正完了（確認待ち）', closed: '完了' },
  noteKind: { document_review: '文書レビュー', hearing: 'ヒアリング' },
  plan: {
    title: '相互監査の計画', lead: '年度ごとに、どの機関がどの機関を監査するか（監査する機関 → 監査を受ける機関）を決めます。',
    fiscalYear: '年度', fy: '{{year}}年度', auditor: '監査する機関', auditee: '監査を受ける機関', audit: '監査', notStarted: '未設定',
    empty: 'この年度の計画はまだありません。', propose: '前年度から組み合わせを提案', proposalLead: '前年度と同じ組み合わせを避けて入れ替えた案です。必要に応じて変更してから作成してください。',
    addPair: '組み合わせを追加', remove: '削除', note: 'メモ（任意）', create: '計画を作成', created: '{{year}}年度の計画を作成しました', newPlan: '計画の作成',
    aggregates: '相互監査の結果（コンソーシアム全体・匿名）', aggregatesLead: '報告書が発行された相互監査について、章ごとに「適合」（良好事例を含む）と評価された項目の割合です。機関名は表示しません。',
    notEnough: '3機関以上の結果がそろうまで表示できません', contributors: '{{count}}機関の結果', chapter: '章', rated: '評価された項目', share: '適合の割合',
  },
  list: {
    title: '監査', lead: '自機関が受ける監査、自機関が行う監査、監査員として参加する監査です。', create: '監査を設定', empty: '表示できる監査はありません。',
    colTitle: '監査名', colKind: '種類', colStatus: '状態', colPeriod: '実施期間', fy: '{{year}}年度',
  },
  create: {
    title: '監査の設定', kind: '種類', name: '監査名', pair: '計画の組み合わせ（自機関が監査する側）', noPairs: '自機関が監査する組み合わせがありません。先に年度の計画を作成してもらってください。',
    department: '監査対象の部局', previous: 'フォローアップする監査', previousLead: '前回の監査で未完了の指摘事項が、この監査の範囲として引き継がれます。', noPrevious: 'フォローアップできる監査がありません（報告書を発行した自機関の監査で、フォローアップ中でないもの）。', openFindings: '未完了の指摘 {{count}} 件',
    template: '監査範囲（チェックリストの雛形）', fiscalYear: '年度', start: '開始日', end: '終了日',
    team: '監査チーム', member: '監査員', role: '役割', lead: '主任監査員', memberRole: '監査員', departments: '本人の担当部局（読点区切り）', addMember: '監査員を追加',
    documents: '提出を依頼する文書（1行に1件）', hearing: 'ヒアリング（日時・テーマ）', hearingAt: 'ヒアリングの日時', hearingTopic: 'ヒアリングのテーマ', submit: '設定する', created: '監査を設定しました',
  },
  detail: {
    back: '監査の一覧へ', auditee: '監査を受ける機関', auditing: '監査する機関', period: '実施期間', team: '監査チーム', scope: '監査範囲', scopeItems: '{{count}}項目',
    documents: '依頼文書', hearings: 'ヒアリング予定', none: 'なし', leadMark: '（主任）',
    scopeAgreement: '監査範囲の合意', auditorSide: '監査する側', auditeeSide: '監査を受ける側', accepted: '承認済み {{at}}', notAccepted: '未承認',
    acceptScope: '自機関として監査範囲を承認', scopeAccepted: '監査範囲を承認しました',
    move: { fieldwork: '実地調査を開始', reporting: '報告書作成へ進む', issue: '報告書を発行', close: '監査を完了する' },
    moved: '監査を「{{status}}」にしました', summary: '総評（報告書に記載）', issueTitle: '報告書の発行', issueLead: '報告書は監査を受ける機関の CISO に通知されます。',
    reportPdf: '報告書（PDF）', reportXlsx: '報告書（Excel）', draft: '発行前は案として出力されます。',
    tabs: { overview: '計画と範囲', fieldwork: '実地調査', requests: '証跡の依頼', findings: '指摘事項' },
    noMaterial: '実地調査が始まると、評価・記録はここに表示されます。',
    planChange: '計画の変更', planSave: '計画を保存', planSaved: '計画を保存しました',
    narrow: '選んだ項目だけを範囲に残す', narrowLead: '範囲から外す項目のチェックを外してください。範囲を変えると、双方の承認をやり直します。', narrowed: '監査範囲を{{count}}項目にしました',
  },
  fieldwork: {
    rating: '評価', comment: '根拠・コメント', save: '評価を保存', saved: '評価を保存しました', ratedBy: '{{name}} が評価', notRated: '未評価', ratingAfterReport: '評価は報告書の発行後に表示',
    notes: '記録', noteKind: '種類', noteText: '内容', addNote: '記録を追加', noteAdded: '記録を追加しました',
    selfInspection: '自己点検の回答（同年度）', noAnswers: '提出された回答はありません',
  },
  requests: {
    lead: '監査員が期限を付けて証跡を依頼し、監査を受ける機関が既存の証跡またはリンク・ファイルで回答します。',
    title: '依頼内容', item: '対象項目（任意）', due: '期限', detail: '補足（任意）', add: '証跡を依頼', added: '証跡を依頼しました', empty: '証跡の依頼はありません。',
    open: '未提出', provided: '提出済み', overdue: '期限超過', linkTitle: '証跡の名称', linkUrl: 'URL', provideLink: 'リンクで提出', provideFile: 'ファイルで提出', providedDone: '証跡を提出しました',
  },
  findings: {
    lead: '不適合・観察事項を根拠の条項とともに記録します。報告書の発行後、監査を受ける機関が回答と是正計画（何を・誰が・いつまでに）を登録します。',
    clause: '条項', category: '区分', item: '対象項目（任意）', description: '指摘の内容', evidence: '根拠・確認した証跡', add: '指摘を追加', added: '指摘を追加しました', empty: '指摘事項はありません。',
    response: '被監査側の回答', actionWhat: '是正処置（何を）', actionOwner: '担当者（誰が）', actionDue: '期限（いつまでに）', respond: '回答を登録', respondAgain: '回答を修正', responded: '回答を登録しました',
    progress: '進捗', progressNote: '進捗メモ（任意）', updateProgress: '進捗を更新', progressed: '進捗を更新しました', notAnswered: '未回答', status: '状態',
  },
};

export const auditsEn: typeof auditsJa = {
  nav: { audits: 'Audits', plan: 'Mutual audit plan' },
  kind: { mutual: 'Mutual audit', internal: 'Internal audit', follow_up: 'Follow-up audit' },
  status: { planned: 'Planned', fieldwork: 'Fieldwork', reporting: 'Reporting', response: 'Auditee response', closed: 'Closed' },
  rating: { conforming: 'Conforming', minor_nc: 'Minor nonconformity', major_nc: 'Major nonconformity', observation: 'Observation', good_practice: 'Good practice' },
  findingStatus: { open: 'Open', in_progress: 'In progress', done: 'Corrected (to verify)', closed: 'Closed' },
  noteKind: { document_review: 'Document review', hearing: 'Hearing' },
  plan: {
    title: 'Mutual audit plan', lead: 'Which institution audits which, per fiscal year (auditor → auditee).',
    fiscalYear: 'Fiscal year', fy: 'FY{{year}}', auditor: 'Auditing institution', auditee: 'Audited institution', audit: 'Audit', notStarted: 'Not set up',
    empty: 'No plan for this fiscal year yet.', propose: 'Propose from last year', proposalLead: 'Pairs rotated so that nobody audits the same institution twice in a row. Adjust, then create.',
    addPair: 'Add a pair', remove: 'Remove', note: 'Note (optional)', create: 'Create plan', created: 'Plan for FY{{year}} created', newPlan: 'New plan',
    aggregates: 'Mutual audit results (consortium, anonymous)', aggregatesLead: 'Share of items rated Conforming (good practice included) per chapter in mutual audits whose report was issued. No institution is named.',
    notEnough: 'Shown once results from at least three institutions are in', contributors: 'Results of {{count}} institutions', chapter: 'Chapter', rated: 'Items rated', share: 'Conforming',
  },
  list: {
    title: 'Audits', lead: 'Audits of your institution, audits it runs, and audits you are on the team of.', create: 'Set up an audit', empty: 'No audits to show.',
    colTitle: 'Audit', colKind: 'Kind', colStatus: 'Status', colPeriod: 'Period', fy: 'FY{{year}}',
  },
  create: {
    title: 'Set up an audit', kind: 'Kind', name: 'Title', pair: 'Pair of the plan (your institution audits)', noPairs: 'Your institution audits no pair yet. Ask for the year plan first.',
    department: 'Audited department', previous: 'Audit to follow up', previousLead: 'The open findings of that audit become the scope of this one.', noPrevious: 'No audit to follow up (an audit your institution ran, with its report issued and no follow-up under way).', openFindings: '{{count}} open finding(s)',
    template: 'Scope (checklist template)', fiscalYear: 'Fiscal year', start: 'Start', end: 'End',
    team: 'Audit team', member: 'Auditor', role: 'Role', lead: 'Lead auditor', memberRole: 'Auditor', departments: 'Own departments (comma separated)', addMember: 'Add an auditor',
    documents: 'Documents requested (one per line)', hearing: 'Hearing (date and topic)', hearingAt: 'Hearing date and time', hearingTopic: 'Hearing topic', submit: 'Set up', created: 'Audit set up',
  },
  detail: {
    back: 'Back to audits', auditee: 'Audited institution', auditing: 'Auditing institution', period: 'Period', team: 'Team', scope: 'Scope', scopeItems: '{{count}} items',
    documents: 'Documents', hearings: 'Hearings', none: 'None', leadMark: ' (lead)',
    scopeAgreement: 'Scope agreement', auditorSide: 'Auditing side', auditeeSide: 'Audited side', accepted: 'Accepted {{at}}', notAccepted: 'Not yet',
    acceptScope: 'Accept the scope for my institution', scopeAccepted: 'Scope accepted',
    move: { fieldwork: 'Start fieldwork', reporting: 'Move to reporting', issue: 'Issue the report', close: 'Close the audit' },
    moved: 'The audit is now “{{status}}”', summary: 'Summary (in the report)', issueTitle: 'Issue the report', issueLead: "The audited institution's CISO is notified.",
    reportPdf: 'Report (PDF)', reportXlsx: 'Report (Excel)', draft: 'Marked as a draft until issued.',
    tabs: { overview: 'Plan and scope', fieldwork: 'Fieldwork', requests: 'Evidence requests', findings: 'Findings' },
    noMaterial: 'Ratings and notes appear here once fieldwork starts.',
    planChange: 'Change the plan', planSave: 'Save plan', planSaved: 'Plan saved',
    narrow: 'Keep only the selected items', narrowLead: 'Untick the items to leave out. Changing the scope asks both sides to accept it again.', narrowed: 'Scope narrowed to {{count}} items',
  },
  fieldwork: {
    rating: 'Rating', comment: 'Grounds / comment', save: 'Save rating', saved: 'Rating saved', ratedBy: 'Rated by {{name}}', notRated: 'Not rated', ratingAfterReport: 'Rating shown once the report is issued',
    notes: 'Notes', noteKind: 'Kind', noteText: 'Text', addNote: 'Add note', noteAdded: 'Note added',
    selfInspection: 'Self-inspection answers (same year)', noAnswers: 'No submitted answers',
  },
  requests: {
    lead: 'Auditors request evidence by a due date; the audited institution answers with a link or a file.',
    title: 'Request', item: 'Item (optional)', due: 'Due', detail: 'Details (optional)', add: 'Request evidence', added: 'Evidence requested', empty: 'No evidence requests.',
    open: 'Open', provided: 'Provided', overdue: 'Overdue', linkTitle: 'Evidence title', linkUrl: 'URL', provideLink: 'Provide a link', provideFile: 'Provide a file', providedDone: 'Evidence provided',
  },
  findings: {
    lead: 'Nonconformities and observations with their clause. After the report is issued, the audited institution answers with a corrective action plan (what, who, when).',
    clause: 'Clause', category: 'Category', item: 'Item (optional)', description: 'Finding', evidence: 'Evidence seen', add: 'Add finding', added: 'Finding added', empty: 'No findings.',
    response: 'Auditee response', actionWhat: 'Corrective action (what)', actionOwner: 'Owner (who)', actionDue: 'Due (when)', respond: 'Save response', respondAgain: 'Update response', responded: 'Response saved',
    progress: 'Progress', progressNote: 'Progress note (optional)', updateProgress: 'Update progress', progressed: 'Progress updated', notAnswered: 'Not answered', status: 'Status',
  },
};
