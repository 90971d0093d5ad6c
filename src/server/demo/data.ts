import type { InstitutionKind, Role } from '../../common/roles.ts';

/**
 * The demo consortium: four fictional universities and one fictional operator organisation.
 * Every name and address is made up; `.example` domains cannot exist on the Internet.
 */
export const DEMO_PASSWORD = 'Renkei-Demo-2026!';

export interface DemoInstitution {
  code: string;
  kind: InstitutionKind;
  nameJa: string;
  nameEn: string;
  domain: string;
  phone: string;
  /** Address space from the documentation ranges (RFC 5737, RFC 3849): never routed anywhere. */
  prefixes: string[];
  users: { local: string; name: string; roles: Role[] }[];
}

const memberUsers = (family: string[]): DemoInstitution['users'] => [
  { local: 'admin', name: `${family[0]} 管理者`, roles: ['admin'] },
  { local: 'ciso', name: `${family[1]} 情報セキュリティ責任者`, roles: ['ciso'] },
  { local: 'csirt', name: `${family[2]} CSIRT担当`, roles: ['csirt'] },
  { local: 'coordinator', name: `${family[3]} 運用責任者`, roles: ['coordinator', 'csirt'] },
  { local: 'auditor', name: `${family[4]} 監査担当`, roles: ['auditor'] },
  { local: 'sysadmin', name: `${family[5]} システム管理者`, roles: ['sysadmin'] },
  { local: 'staff', name: `${family[6]} 教職員`, roles: ['staff'] },
];

export const DEMO_INSTITUTIONS: DemoInstitution[] = [
  {
    code: 'renkei-soc', kind: 'operator', nameJa: '連携セキュリティ運用センター（デモ）', nameEn: 'Renkei Security Operation Centre (demo)',
    domain: 'soc.renkei.example', phone: '03-0000-0100', prefixes: [],
    users: [
      { local: 'admin', name: '中央 管理者', roles: ['admin'] },
      { local: 'operator', name: '監視 分析官', roles: ['operator'] },
    ],
  },
  { code: 'sakura', kind: 'member', prefixes: ['192.0.2.0/25', '2001:db8:100::/48'], nameJa: 'さくら工科大学（デモ）', nameEn: 'Sakura Institute of Technology (demo)', domain: 'sakura-tech.example', phone: '076-000-0101', users: memberUsers(['桜井', '佐倉', '春野', '花田', '吉野', '染井', '八重']) },
  { code: 'minato', kind: 'member', prefixes: ['192.0.2.128/25', '2001:db8:200::/48'], nameJa: 'みなと学芸大学（デモ）', nameEn: 'Minato University of Liberal Arts (demo)', domain: 'minato-u.example', phone: '078-000-0202', users: memberUsers(['港田', '浜野', '波多', '潮見', '岬', '灯台', '渚']) },
  { code: 'aoba', kind: 'member', prefixes: ['198.51.100.0/24'], nameJa: 'あおば国際大学（デモ）', nameEn: 'Aoba International University (demo)', domain: 'aoba-intl.example', phone: '022-000-0303', users: memberUsers(['青葉', '若林', '緑川', '森下', '杉山', '楓', '柳']) },
  { code: 'hibari', kind: 'member', prefixes: ['203.0.113.0/24'], nameJa: 'ひばり理科大学（デモ）', nameEn: 'Hibari University of Science (demo)', domain: 'hibari-sci.example', phone: '075-000-0404', users: memberUsers(['雲雀', '空野', '天野', '風間', '星野', '月岡', '日向']) },
];
