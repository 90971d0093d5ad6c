import { Badge, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Tlp } from './api.ts';

/**
 * TLP 2.0 colours (FIRST): CLEAR white, GREEN green, AMBER amber, AMBER+STRICT amber outlined,
 * RED red. Written out rather than taken from the theme so that they are the standard ones.
 */
const TLP_STYLE: Record<Tlp, { background: string; color: string; border: string }> = {
  CLEAR: { background: '#ffffff', color: '#000000', border: '1px solid #868e96' },
  GREEN: { background: '#33a02c', color: '#ffffff', border: '1px solid #33a02c' },
  AMBER: { background: '#ffc000', color: '#000000', border: '1px solid #ffc000' },
  'AMBER+STRICT': { background: '#fff8e1', color: '#7a5200', border: '2px solid #ffc000' },
  RED: { background: '#e03131', color: '#ffffff', border: '1px solid #e03131' },
};

export function TlpBadge({ tlp }: { tlp: Tlp | null }) {
  const { t } = useTranslation();
  if (!tlp) return <Badge size="sm" variant="outline" color="gray" data-testid="tlp-badge" data-tlp="">{t('intel.tlp.none')}</Badge>;
  return (
    <Tooltip label={t('intel.tlp.hint')} withArrow openDelay={400}>
      <Badge size="sm" radius="sm" styles={{ root: { ...TLP_STYLE[tlp], textTransform: 'none', fontWeight: 700 } }} data-testid="tlp-badge" data-tlp={tlp}>
        TLP:{tlp}
      </Badge>
    </Tooltip>
  );
}

/** A category name: translated when it is one the parsers assign, else as the feed wrote it. */
export function useCategoryLabel() {
  const { t, i18n } = useTranslation();
  return (c: string | null | undefined) => (!c ? '' : i18n.exists(`intel.category.${c}`) ? t(`intel.category.${c}` as 'intel.category.c2') : c);
}

/** A feed format name (`stix`, `blocklist`, `mixed` …) as people know it. */
export function useFormatLabel() {
  const { t, i18n } = useTranslation();
  return (f: string) => (i18n.exists(`intel.format.${f}`) ? t(`intel.format.${f}` as 'intel.format.stix') : f);
}
