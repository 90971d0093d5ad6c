import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { type Locale, setLocale } from '../i18n/index.ts';
import { setCsrfToken } from '../lib/api.ts';
import { SESSION_KEY, type SessionState, authApi, meApi } from './api.ts';

/** Sign out (this session, or every session) and go back to the sign-in page. */
export function useSignOut() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { t } = useTranslation();
  return async (everywhere = false) => {
    try {
      await (everywhere ? authApi.logoutAll() : authApi.logout());
    } catch {
      // the session may already be gone; signing out locally is what matters
    }
    setCsrfToken(null);
    qc.clear();
    qc.setQueryData<SessionState>(SESSION_KEY, { stage: 'signed_out' });
    notifications.show({ message: t('header.signedOut'), color: 'gray' });
    navigate('/sign-in', { replace: true });
  };
}

/** Switch language now and save it as the user's preference. */
export function useChangeLocale() {
  const qc = useQueryClient();
  return async (locale: Locale) => {
    await setLocale(locale);
    try {
      await meApi.update({ locale });
      await qc.invalidateQueries({ queryKey: SESSION_KEY });
      await qc.invalidateQueries({ queryKey: ['me'] });
    } catch {
      // the UI language has changed anyway; the preference is saved next time
    }
  };
}
