/**
 * Messages of the threat-intelligence module, mounted as `intel` in i18n/ja.ts and i18n/en.ts.
 * `intelEn` is typed by the Japanese tree, so both languages keep the same keys.
 */
export const intelJa = {
  guard: { forbidden: 'このページを表示する権限がありません。', forbiddenLead: '脅威情報の管理は、運用機関のオペレーターとコンソーシアム管理者が行います。' },
  nav: { section: '脅威情報', sources: '情報源と取り込み', indicators: '指標一覧', lookup: 'アドレス検索', networks: 'ネットワーク登録' },
  format: {
    auto: '自動判定', mixed: '混在（複数形式）', stix: 'STIX 2.1', misp: 'MISP', blocklist: 'ブロックリスト', 'feodo-csv': 'Feodo CSV',
    'feodo-json': 'Feodo JSON', 'zeek-intel': 'Zeek intel',
  },
  type: {
    ipv4: 'IPv4 アドレス', ipv6: 'IPv6 アドレス', cidr: 'プレフィックス（CIDR）', range: 'アドレス範囲', domain: 'ドメイン', url: 'URL',
    md5: 'MD5', sha1: 'SHA-1', sha256: 'SHA-256',
  },
  category: {
    c2: 'C2（指令サーバー）', phishing: 'フィッシング', bruteforce: '総当たり攻撃', scanner: 'スキャン', 'malware-distribution': 'マルウェア配布',
    botnet: 'ボットネット', spam: 'スパム', anonymisation: '匿名化（Tor・プロキシ等）', malware: 'マルウェア', compromised: '侵害された機器',
    anomalous: '不審な挙動', benign: '無害',
  },
  tlp: { none: 'TLP 未指定', hint: 'TLP 2.0 の区分。CLEAR は公開可、RED は受け取った本人限りです。' },
  sources: {
    title: '情報源と取り込み',
    lead: '脅威情報の提供元（フィード）ごとに、既定の分類・確度・TLP を決めて指標を取り込みます。無効にした情報源の指標は照合に使われません。',
    add: '情報源を追加', name: '情報源', format: '形式', defaults: '既定値（分類・確度・TLP）', indicators: '指標数',
    lastImport: '最終取り込み', never: '未取り込み', enabled: '有効', disabled: '無効', state: '状態', import: '取り込む', showIndicators: '指標を見る',
    empty: '情報源はまだ登録されていません。「情報源を追加」から、取り込むフィードを登録してください。',
    enabledDone: '「{{name}}」を有効にしました。指標は照合に使われます。', disabledDone: '「{{name}}」を無効にしました。指標は照合に使われません。',
    confidence: '確度 {{value}}', toggleLabel: '「{{name}}」を有効にする',
  },
  sourceDialog: {
    title: '情報源の追加', name: '名前', namePlaceholder: '例: abuse.ch Feodo Tracker', format: '主な形式',
    formatHint: '取り込み時に形式を選ばなかった場合の目安です。複数の形式を受け取る場合は「混在」を選んでください。',
    category: '既定の分類', categoryHint: 'ファイル側に分類がない指標に付けます。', categoryPlaceholder: '指定しない',
    confidence: '既定の確度（0〜100）', tlp: '既定の TLP', tlpPlaceholder: '指定しない', note: 'メモ', notePlaceholder: '入手元の URL、契約・利用条件など',
    submit: '追加する', created: '情報源「{{name}}」を追加しました', nameRequired: '名前を入力してください',
  },
  importDialog: {
    title: '取り込み: {{name}}', file: 'ファイル', filePlaceholder: 'ファイルを選択', format: '形式',
    formatHint: '「自動判定」はファイルの先頭から形式を判定します。判定が違う場合は形式を指定してください。',
    submit: '取り込む', running: '取り込んでいます…', pickFile: 'ファイルを選んでください。', refused: 'このファイルは取り込めませんでした',
    again: '別のファイルを取り込む', disabledNote: 'この情報源は無効です。取り込んだ指標は、有効にするまで照合に使われません。',
  },
  report: {
    title: '取り込み結果', format: '読み取った形式: {{format}}', added: '追加', updated: '更新', rejected: '不採用', count: '{{count}}件',
    warnings: '注意 {{count}}件（値を補正して取り込んだもの、対象外として除いたもの）',
    allTaken: 'すべての行を取り込みました。', rejectedTitle: '取り込まなかった行', rejectedLead: '次の行は形式が正しくないため取り込みませんでした。元のファイルを直して取り込み直すと追加されます。',
    line: '行・位置', reason: '理由', lineNo: '{{line}}行目', truncated: '先頭の {{shown}} 件だけを表示しています（全 {{total}} 件）。', whole: 'ファイル全体',
  },
  indicators: {
    title: '指標一覧', lead: '取り込んだ IP アドレス・ドメイン・URL・ハッシュ等の指標です。有効期限を過ぎたものは照合に使われません。',
    q: '値で検索', qPlaceholder: '例: 198.51.100. / example.com', type: '種別', category: '分類', source: '情報源', activeOnly: '有効なものだけ',
    activeOnlyHint: '期限切れと、無効な情報源の指標を除きます', value: '値', tlp: 'TLP', confidence: '確度', validUntil: '有効期限',
    lastSeen: '最終観測', updated: '更新日時', expired: '期限切れ', noExpiry: '期限なし', allTypes: 'すべての種別', allCategories: 'すべての分類',
    allSources: 'すべての情報源', empty: '条件に合う指標はありません。', emptyAll: '指標はまだありません。情報源を登録してファイルを取り込んでください。',
    goSources: '情報源と取り込みへ', clearFilters: '条件をクリア',
  },
  lookup: {
    title: 'アドレス検索', lead: 'IP アドレスが、どの参加機関の登録ネットワーク（プレフィックス）に含まれるかを調べます。複数に該当する場合は最も範囲の狭いものを示します。',
    address: 'IP アドレス', placeholder: '例: 192.0.2.10 / 2001:db8:100::1', submit: '調べる',
    found: '{{address}} は {{institution}} のネットワークです', prefix: '該当プレフィックス', institution: '機関',
    notFound: '{{address}} はどの参加機関の登録ネットワークにも含まれていません。', notFoundHint: '登録漏れの可能性がある場合は、該当する機関にネットワーク登録を依頼してください。',
    unknownInstitution: '（不明な機関）', prompt: '調べたい IP アドレスを入力してください。',
  },
  networks: {
    title: 'ネットワーク登録', lead: '{{institution}} が管理するアドレス・プレフィックスとドメインです。アラートや脅威情報の宛先機関を判定するのに使います。',
    institution: '機関', kind: '種別', value: '値', note: 'メモ', createdAt: '登録日時', prefix: 'プレフィックス', domain: 'ドメイン',
    addTitle: '追加', add: '追加する', valuePrefixPlaceholder: '例: 192.0.2.0/24, 2001:db8::/32', valueDomainPlaceholder: '例: example.ac.jp',
    notePlaceholder: '例: 本部キャンパス 学内LAN', added: '{{value}} を登録しました', removed: '{{value}} の登録を削除しました',
    remove: '削除', removeTitle: '登録の削除', removeConfirm: '{{value}} の登録を削除します。この範囲に関するアラートは {{institution}} に届かなくなります。よろしいですか？',
    empty: '登録されているネットワークはありません。', readOnly: '閲覧のみできます。追加・削除は機関の管理者・運用責任者が行います。',
    valueRequired: '値を入力してください', prefixes: 'プレフィックス {{count}}件', domains: 'ドメイン {{count}}件',
    invalid: {
      prefix: 'アドレス・プレフィックスとして正しくありません（例: 192.0.2.0/24, 2001:db8::/32）',
      domain: 'ドメイン名として正しくありません（例: example.ac.jp）',
      taken: 'この値はすでに登録されています（他機関の登録を含みます）',
    },
  },
};

export const intelEn: typeof intelJa = {
  guard: { forbidden: 'You do not have permission to view this page.', forbiddenLead: 'Threat intelligence is managed by the operator’s analysts and the consortium administrators.' },
  nav: { section: 'Threat intelligence', sources: 'Sources & imports', indicators: 'Indicators', lookup: 'Address lookup', networks: 'Network registry' },
  format: {
    auto: 'Detect automatically', mixed: 'Mixed (several formats)', stix: 'STIX 2.1', misp: 'MISP', blocklist: 'Blocklist', 'feodo-csv': 'Feodo CSV',
    'feodo-json': 'Feodo JSON', 'zeek-intel': 'Zeek intel',
  },
  type: {
    ipv4: 'IPv4 address', ipv6: 'IPv6 address', cidr: 'Prefix (CIDR)', range: 'Address range', domain: 'Domain', url: 'URL',
    md5: 'MD5', sha1: 'SHA-1', sha256: 'SHA-256',
  },
  category: {
    c2: 'C2 (command and control)', phishing: 'Phishing', bruteforce: 'Brute force', scanner: 'Scanning', 'malware-distribution': 'Malware distribution',
    botnet: 'Botnet', spam: 'Spam', anonymisation: 'Anonymisation (Tor, proxies…)', malware: 'Malware', compromised: 'Compromised host',
    anomalous: 'Anomalous activity', benign: 'Benign',
  },
  tlp: { none: 'No TLP', hint: 'TLP 2.0 marking. CLEAR may be published; RED is for the named recipients only.' },
  sources: {
    title: 'Sources & imports',
    lead: 'Each threat-intelligence source (feed) has its default category, confidence and TLP. Indicators of a disabled source are not used for matching.',
    add: 'Add source', name: 'Source', format: 'Format', defaults: 'Defaults (category, confidence, TLP)', indicators: 'Indicators',
    lastImport: 'Last import', never: 'Not yet imported', enabled: 'Enabled', disabled: 'Disabled', state: 'State', import: 'Import', showIndicators: 'View indicators',
    empty: 'No sources yet. Use “Add source” to register a feed to import.',
    enabledDone: '“{{name}}” enabled; its indicators are used for matching.', disabledDone: '“{{name}}” disabled; its indicators are not used for matching.',
    confidence: 'Confidence {{value}}', toggleLabel: 'Enable “{{name}}”',
  },
  sourceDialog: {
    title: 'Add a source', name: 'Name', namePlaceholder: 'e.g. abuse.ch Feodo Tracker', format: 'Usual format',
    formatHint: 'Used as a guide when no format is chosen at import. Choose “Mixed” if the source delivers several formats.',
    category: 'Default category', categoryHint: 'Given to indicators whose file names no category.', categoryPlaceholder: 'None',
    confidence: 'Default confidence (0–100)', tlp: 'Default TLP', tlpPlaceholder: 'None', note: 'Note', notePlaceholder: 'Where it comes from, terms of use…',
    submit: 'Add', created: 'Source “{{name}}” added', nameRequired: 'Enter a name',
  },
  importDialog: {
    title: 'Import: {{name}}', file: 'File', filePlaceholder: 'Choose a file', format: 'Format',
    formatHint: '“Detect automatically” reads the start of the file. Choose the format if the detection is wrong.',
    submit: 'Import', running: 'Importing…', pickFile: 'Choose a file.', refused: 'This file could not be imported',
    again: 'Import another file', disabledNote: 'This source is disabled; the imported indicators are not used for matching until it is enabled.',
  },
  report: {
    title: 'Import report', format: 'Read as: {{format}}', added: 'Added', updated: 'Updated', rejected: 'Rejected', count: '{{count}}',
    warnings: '{{count}} note(s) (values corrected on import, or left out as unsupported)',
    allTaken: 'Every line was taken.', rejectedTitle: 'Lines not taken', rejectedLead: 'These lines are malformed and were skipped. Correct the file and import it again to add them.',
    line: 'Line / position', reason: 'Reason', lineNo: 'Line {{line}}', truncated: 'Showing the first {{shown}} of {{total}}.', whole: 'Whole file',
  },
  indicators: {
    title: 'Indicators', lead: 'Imported IP addresses, domains, URLs, hashes and other indicators. Expired ones are not used for matching.',
    q: 'Search by value', qPlaceholder: 'e.g. 198.51.100. / example.com', type: 'Type', category: 'Category', source: 'Source', activeOnly: 'Active only',
    activeOnlyHint: 'Leaves out expired indicators and those of disabled sources', value: 'Value', tlp: 'TLP', confidence: 'Confidence', validUntil: 'Valid until',
    lastSeen: 'Last seen', updated: 'Updated', expired: 'Expired', noExpiry: 'No expiry', allTypes: 'All types', allCategories: 'All categories',
    allSources: 'All sources', empty: 'No indicator matches these filters.', emptyAll: 'No indicators yet. Register a source and import a file.',
    goSources: 'Go to sources & imports', clearFilters: 'Clear filters',
  },
  lookup: {
    title: 'Address lookup', lead: 'Find which member’s registered network (prefix) contains an IP address. When several do, the most specific one is shown.',
    address: 'IP address', placeholder: 'e.g. 192.0.2.10 / 2001:db8:100::1', submit: 'Look up',
    found: '{{address}} belongs to {{institution}}', prefix: 'Matching prefix', institution: 'Institution',
    notFound: '{{address}} is not in any member’s registered networks.', notFoundHint: 'If a registration may be missing, ask the institution concerned to add it.',
    unknownInstitution: '(unknown institution)', prompt: 'Enter an IP address to look up.',
  },
  networks: {
    title: 'Network registry', lead: 'Address prefixes and domains managed by {{institution}}. They decide which institution an alert or indicator concerns.',
    institution: 'Institution', kind: 'Kind', value: 'Value', note: 'Note', createdAt: 'Registered', prefix: 'Prefix', domain: 'Domain',
    addTitle: 'Add', add: 'Add', valuePrefixPlaceholder: 'e.g. 192.0.2.0/24, 2001:db8::/32', valueDomainPlaceholder: 'e.g. example.ac.jp',
    notePlaceholder: 'e.g. main campus LAN', added: '{{value}} registered', removed: 'Registration of {{value}} removed',
    remove: 'Remove', removeTitle: 'Remove registration', removeConfirm: 'Remove {{value}}? Alerts about this range will no longer reach {{institution}}.',
    empty: 'No networks registered.', readOnly: 'Read only. Administrators and coordinators of the institution add and remove entries.',
    valueRequired: 'Enter a value', prefixes: '{{count}} prefix(es)', domains: '{{count}} domain(s)',
    invalid: {
      prefix: 'Not an address prefix (e.g. 192.0.2.0/24, 2001:db8::/32)',
      domain: 'Not a domain name (e.g. example.ac.jp)',
      taken: 'This value is already registered (possibly by another institution)',
    },
  },
};
