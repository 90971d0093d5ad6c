import type { MessageKey } from '../i18n/index.ts';
import type { SessionInfo } from '../platform/api.ts';

/**
 * One entry in the side navigation. Each module folder exports a `NavSection` from its
 * `nav.ts`; shell/nav.ts lists them in order. An entry with `soon` is shown disabled
 * with a 準備中 badge so the layout is ready before the module exists.
 */
export interface NavEntry {
  key: string;
  label: MessageKey;
  /** Path, or a function of the session (e.g. "my institution's members"). */
  to: string | ((s: SessionInfo) => string);
  /** Only shown when this returns true; default: everyone signed in. */
  visible?: (s: SessionInfo) => boolean;
  soon?: boolean;
  /** Match only this exact path for the active state. */
  end?: boolean;
}

export interface NavSection {
  id: string;
  title: MessageKey;
  entries: NavEntry[];
}

export const hasRole = (s: SessionInfo, ...roles: string[]) => s.roles.some((r) => roles.includes(r));
