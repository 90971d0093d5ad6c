import { auditsEn, auditsJa } from './audits/messages.ts';

/**
 * Messages of the self-inspection module, mounted as `assessments` in i18n/ja.ts and i18n/en.ts.
 * `assessmentsEn` is typed by the Japanese tree, so both languages keep the same keys.
 */
export const assessmentsJa = {
  nav: { section: '自己点検・監査', campaigns: '点検の一覧', improvements: '改善項目' },
  status: { draft: '準備中', open: '実施中', closed: '終了' },
  result: { implemented: '実施している', partial: '一部実施', not_implemented: '実施していない', not_applicable: '該当しない' },
  answerStatus: { none: '未回答', draft: '下書き', submitted: '提出済み', accepted: '承認済み', sentBack: '差し戻し' },
  improvementStatus: { open: '未着手', in_progress: '対応中', done: '完了', cancelled: '取り消し' },
  trend: { improved: '改善', worsened: '低下', unchanged: '変化なし', new: '今年度から', dropped: '今年度なし', no_data: '比較できず' },
  list: {
    title: '自己点検', lead: '年度ごとの自己点検の実施状況です。担当の項目がある点検は、開始されるとここに表示されます。',
    create: '点検を作成', fiscalYear: '年度', allYears: 'すべての年度', fy: '{{year}}年度', colTitle: '点検名', colStatus: '状態',
    colDeadline: '回答期限', colOwner: '責任者', colProgress: '提出状況', empty: '表示できる点検はありません。',
    emptyManager: 'まだ点検がありません。チェックリストの雛形から最初の点検を作成してください。', progressHidden: '—',
  },
  create: {
    title: '点検の作成', lead: 'チェックリストの雛形の項目を写して、準備中の点検を作ります。担当の割り当てを済ませてから開始してください。',
    name: '点検名', namePlaceholder: '例: 2026年度 情報セキュリティ自己点検', fiscalYear: '年度', template: 'チェックリストの雛形',
    templateEmpty: '雛形がありません。「規程・カタログ」で規程からチェックリストを作成してください。', templateItems: '{{count}}項目',
    deadline: '回答期限（この日の 23:59 まで）', owner: '責任者（回答を確認する人）', submit: '作成する', created: '点検を作成しました（{{count}}項目）',
  },
  detail: {
    back: '点検の一覧へ', deadline: '回答期限', owner: '責任者', items: '項目数', fiscalYear: '年度', opened: '開始', closed: '終了',
    open: '点検を開始する', openConfirm: '点検を開始すると、担当者に依頼のメールが送られます。開始しますか。', opened2: '点検を開始しました',
    close: '点検を終了する', closeConfirm: '終了すると、これ以降は回答・確認ができません。終了しますか。', closedDone: '点検を終了しました',
    reportPdf: '報告書（PDF）', reportXlsx: '報告書（Excel）',
    tabs: { setup: '範囲と担当', mine: '自分の回答', review: '回答の確認', progress: '進捗', results: '結果', improvements: '改善項目' },
  },
  setup: {
    lead: '項目を、章や項番の先頭（例: 6 や 6.1）でまとめて、個人または役割に割り当てます。役割に割り当てると、その役割を持つ全員がそれぞれ回答します。',
    scope: '対象の項目', byPrefix: '項番の先頭で指定', all: 'すべての項目', prefix: '項番の先頭', prefixPlaceholder: '例: 6 や 6.1',
    to: '担当', toUser: '個人', toRole: '役割', person: '担当者', role: '役割', department: '部署（任意）', departmentPlaceholder: '例: 情報基盤センター',
    assign: '割り当てる', assigned: '{{added}}件を割り当てました（割り当て済み {{already}}件）', citation: '項番', heading: '見出し・内容', assignees: '担当',
    unassigned: '未割り当て', remove: '割り当てを外す', removed: '割り当てを外しました', readOnly: '開始後も担当を追加できます。終了した点検は変更できません。',
    memberSearch: '名前で検索',
  },
  mine: {
    lead: 'あなたに割り当てられた項目です。回答を選び、必要に応じてコメントと証跡を付けて提出してください。「一部実施」「実施していない」にはコメントが必要です。',
    empty: 'この点検であなたに割り当てられた項目はありません。', notOpen: '点検はまだ開始されていません。', closed: 'この点検は終了しました。回答は変更できません。',
    summary: '全{{total}}項目 ・ 提出済み {{done}}項目', result: '回答', comment: 'コメント', commentPlaceholder: '実施状況、未実施の理由や対応予定など',
    evidence: '証跡', addLink: 'リンクを追加', linkTitle: '証跡の名称', linkUrl: 'URL', addFile: 'ファイルを追加', filePlaceholder: 'PDF・Office・画像・テキスト',
    add: '追加', reuse: '登録済みの証跡から選ぶ', reusePlaceholder: '名称で検索（ほかの項目や前年度の点検で登録したもの）', removeEvidence: '外す', expired: '期限切れ', saveDraft: '下書き保存', submit: '提出する', saved: '下書きを保存しました', submitted: '提出しました',
    sentBack: '差し戻されました', reviewComment: '確認者のコメント', locked: '提出済みのため変更できません。差し戻されると修正できます。', version: '第{{no}}版',
  },
  review: {
    lead: '提出された回答を確認し、承認するか、コメントを付けて差し戻します。「一部実施」「実施していない」の回答からは改善項目を作成できます。',
    filter: '状態', empty: 'この条件の回答はありません。', respondent: '回答者', department: '部署', submittedAt: '提出日時',
    accept: '承認', acceptDone: '承認しました', sendBack: '差し戻す', sendBackTitle: '回答を差し戻す', sendBackComment: '差し戻しの理由（回答者に送られます）',
    sendBackDone: '差し戻しました', raise: '改善項目を作成', raised: '改善項目を作成しました', own: '自分の回答は確認できません',
  },
  progress: {
    total: '全体', assigned: '割り当て', notStarted: '未着手', draft: '下書き', submitted: '提出済み', accepted: '承認済み', completion: '提出率',
    byItem: '項目ごと', byRespondent: '回答者ごと', byDepartment: '部署ごと', noDepartment: '（部署なし）', empty: 'まだ担当が割り当てられていません。',
    respondent: '回答者', department: '部署', citation: '項番',
  },
  results: {
    lead: '提出済み・承認済みの回答の集計です（下書きは含みません）。評点は「一部実施」を 1/2 として数えた割合です。',
    byChapter: '章ごとの結果', byDepartment: '部署ごとの結果', chapter: '章', chapterLabel: '第{{chapter}}章', items: '項目数', answers: '回答数',
    implementedShare: '実施率', score: '評点', breakdown: '内訳', comparison: '前年度との比較', noPrevious: '同じ雛形による前年度の点検がないため、比較できません。',
    previousLabel: '比較の対象: {{year}}年度「{{title}}」', previous: '{{year}}年度', current: '{{year}}年度', diff: '差', trend: '傾向', overall: '全体',
    worsened: '評点が下がった項目', empty: 'まだ集計できる回答がありません。',
  },
  improvements: {
    title: '改善項目', lead: '自己点検で見つかった課題と、その担当者・期日・対応状況です。',
    empty: '改善項目はありません。', colTitle: '件名', item: '項目', campaign: '点検', owner: '担当者', due: '期日', status: '状態', note: '状況メモ',
    overdue: '期日超過', change: '状態を変更', changed: '状態を変更しました', filterStatus: '状態', raiseTitle: '改善項目の作成', name: '件名',
    namePlaceholder: '例: 研究室サーバーのログ取得', description: '内容（任意）', create: '作成する', notePlaceholder: '対応の状況（任意）',
  },
  audits: auditsJa,
};

export const assessmentsEn: typeof assessmentsJa = {
  nav: { section: 'Self-inspection & audits', campaigns: 'Campaigns', improvements: 'Improvement items' },
  status: { draft: 'Draft', open: 'Open', closed: 'Closed' },
  result: { implemented: 'Implemented', partial: 'Partially implemented', not_implemented: 'Not implemented', not_applicable: 'Not applicable' },
  answerStatus: { none: 'Not answered', draft: 'Draft', submitted: 'Submitted', accepted: 'Accepted', sentBack: 'Sent back' },
  improvementStatus: { open: 'Open', in_progress: 'In progress', done: 'Done', cancelled: 'Cancelled' },
  trend: { improved: 'Improved', worsened: 'Worse', unchanged: 'Unchanged', new: 'New this year', dropped: 'Not this year', no_data: 'No data' },
  list: {
    title: 'Self-inspection', lead: 'Self-inspection campaigns by fiscal year. Campaigns with items for you appear here once they open.',
    create: 'New campaign', fiscalYear: 'Fiscal year', allYears: 'All years', fy: 'FY{{year}}', colTitle: 'Campaign', colStatus: 'Status',
    colDeadline: 'Deadline', colOwner: 'Responsible', colProgress: 'Submitted', empty: 'No campaigns to show.',
    emptyManager: 'No campaigns yet. Create the first one from a checklist template.', progressHidden: '—',
  },
  create: {
    title: 'New campaign', lead: 'Copies the items of a checklist template into a draft campaign. Assign the items before opening it.',
    name: 'Title', namePlaceholder: 'e.g. FY2026 information security self-inspection', fiscalYear: 'Fiscal year', template: 'Checklist template',
    templateEmpty: 'No templates. Make a checklist from a regulation under “Regulations & catalogs”.', templateItems: '{{count}} items',
    deadline: 'Deadline (until 23:59 JST that day)', owner: 'Responsible person (reviews the answers)', submit: 'Create', created: 'Campaign created ({{count}} items)',
  },
  detail: {
    back: 'Back to campaigns', deadline: 'Deadline', owner: 'Responsible', items: 'Items', fiscalYear: 'Fiscal year', opened: 'Opened', closed: 'Closed',
    open: 'Open the campaign', openConfirm: 'Opening the campaign e-mails the respondents. Open it now?', opened2: 'Campaign opened',
    close: 'Close the campaign', closeConfirm: 'After closing, nobody can answer or review. Close it now?', closedDone: 'Campaign closed',
    reportPdf: 'Report (PDF)', reportXlsx: 'Report (Excel)',
    tabs: { setup: 'Scope & assignments', mine: 'My answers', review: 'Review', progress: 'Progress', results: 'Results', improvements: 'Improvement items' },
  },
  setup: {
    lead: 'Assign items by the start of their citation (e.g. 6 or 6.1) to a person or a role. With a role, every holder answers separately.',
    scope: 'Items', byPrefix: 'By citation prefix', all: 'All items', prefix: 'Citation starts with', prefixPlaceholder: 'e.g. 6 or 6.1',
    to: 'Assign to', toUser: 'Person', toRole: 'Role', person: 'Person', role: 'Role', department: 'Department (optional)', departmentPlaceholder: 'e.g. IT Center',
    assign: 'Assign', assigned: 'Assigned {{added}} (already assigned: {{already}})', citation: 'Citation', heading: 'Heading / text', assignees: 'Assigned to',
    unassigned: 'Not assigned', remove: 'Remove assignment', removed: 'Assignment removed', readOnly: 'Assignments can be added after opening. Closed campaigns cannot change.',
    memberSearch: 'Search by name',
  },
  mine: {
    lead: 'The items assigned to you. Choose an answer, add a comment and evidence where useful, and submit. Partially implemented and Not implemented need a comment.',
    empty: 'No items of this campaign are assigned to you.', notOpen: 'The campaign has not opened yet.', closed: 'The campaign is closed; answers cannot change.',
    summary: '{{total}} items ・ {{done}} submitted', result: 'Answer', comment: 'Comment', commentPlaceholder: 'What is done, why not, and plans',
    evidence: 'Evidence', addLink: 'Add a link', linkTitle: 'Evidence title', linkUrl: 'URL', addFile: 'Add a file', filePlaceholder: 'PDF, Office, images, text',
    add: 'Add', reuse: 'Reuse registered evidence', reusePlaceholder: 'Search by title (registered for other items or last year)', removeEvidence: 'Remove', expired: 'Expired', saveDraft: 'Save draft', submit: 'Submit', saved: 'Draft saved', submitted: 'Submitted',
    sentBack: 'Sent back', reviewComment: 'Reviewer’s comment', locked: 'Submitted: it can change only if sent back.', version: 'v{{no}}',
  },
  review: {
    lead: 'Check the submitted answers and accept them or send them back with a comment. Raise improvement items from partial or not implemented answers.',
    filter: 'Status', empty: 'No answers with this status.', respondent: 'Respondent', department: 'Department', submittedAt: 'Submitted',
    accept: 'Accept', acceptDone: 'Accepted', sendBack: 'Send back', sendBackTitle: 'Send the answer back', sendBackComment: 'Reason (sent to the respondent)',
    sendBackDone: 'Sent back', raise: 'Raise improvement item', raised: 'Improvement item raised', own: 'You cannot review your own answer',
  },
  progress: {
    total: 'Overall', assigned: 'Assigned', notStarted: 'Not started', draft: 'Draft', submitted: 'Submitted', accepted: 'Accepted', completion: 'Submitted share',
    byItem: 'By item', byRespondent: 'By respondent', byDepartment: 'By department', noDepartment: '(no department)', empty: 'Nothing is assigned yet.',
    respondent: 'Respondent', department: 'Department', citation: 'Citation',
  },
  results: {
    lead: 'Submitted and accepted answers (drafts do not count). The score counts Partially implemented as one half.',
    byChapter: 'By chapter', byDepartment: 'By department', chapter: 'Chapter', chapterLabel: 'Chapter {{chapter}}', items: 'Items', answers: 'Answers',
    implementedShare: 'Implemented', score: 'Score', breakdown: 'Breakdown', comparison: 'Compared with last year', noPrevious: 'No campaign of the same template in the previous fiscal year.',
    previousLabel: 'Compared with FY{{year}} “{{title}}”', previous: 'FY{{year}}', current: 'FY{{year}}', diff: 'Change', trend: 'Trend', overall: 'Overall',
    worsened: 'Items with a lower score', empty: 'No answers to count yet.',
  },
  improvements: {
    title: 'Improvement items', lead: 'Issues found by self-inspection, with owner, due date and status.',
    empty: 'No improvement items.', colTitle: 'Title', item: 'Item', campaign: 'Campaign', owner: 'Owner', due: 'Due', status: 'Status', note: 'Note',
    overdue: 'Overdue', change: 'Change status', changed: 'Status changed', filterStatus: 'Status', raiseTitle: 'Raise an improvement item', name: 'Title',
    namePlaceholder: 'e.g. Collect logs on lab servers', description: 'Description (optional)', create: 'Create', notePlaceholder: 'Progress (optional)',
  },
  audits: auditsEn,
};
