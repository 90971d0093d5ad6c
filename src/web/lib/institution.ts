import { useTranslation } from 'react-i18next';

/** Institution name in the UI language (Japanese name unless English is chosen and present). */
export function useInstitutionName() {
  const { i18n } = useTranslation();
  return (i: { nameJa: string; nameEn: string } | null | undefined) =>
    !i ? '' : i18n.language === 'en' && i.nameEn ? i.nameEn : i.nameJa;
}
