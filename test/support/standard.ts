/**
 * A small standard written for the tests (not a seed document): chapters 1 and 6, four
 * checklist items, in the article/outline form the regulation parser reads.
 */
export const smallStandard = (title: string) => `情報セキュリティ対策基準（${title}）

第1章 組織と体制

1.1 管理体制

(1) 遵守事項
① 最高情報セキュリティ責任者を置き、その役割を定める。
② 情報セキュリティ委員会を置き、年に一度以上開催する。

第6章 情報システムのセキュリティ機能

6.1 ログの取得

(1) 遵守事項
① 情報システム管理者は、不正な利用を検証するために必要なログを取得する。

6.2 脆弱性対策

(1) 遵守事項
① 情報システム管理者は、ソフトウェアの修正プログラムを速やかに適用する。
`;
