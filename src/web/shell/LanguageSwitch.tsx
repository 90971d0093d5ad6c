import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type Locale, currentLocale, isLocale, setLocale } from '../i18n/index.ts';

/** The 日本語 / English toggle on pages shown before sign-in. */
export function LanguageSwitch({ onChange }: { onChange?: (l: Locale) => void }) {
  const { t } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('lang.label')}
      value={currentLocale()}
      data={[
        { value: 'ja', label: t('lang.ja') },
        { value: 'en', label: t('lang.en') },
      ]}
      onChange={(v) => {
        if (!isLocale(v)) return;
        void setLocale(v);
        onChange?.(v);
      }}
    />
  );
}
