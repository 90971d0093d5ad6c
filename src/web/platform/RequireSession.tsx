import { Box } from '@mantine/core';
import { useEffect } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { LoadError, Loading } from '../components/States.tsx';
import { currentLocale, isLocale, setLocale } from '../i18n/index.ts';
import { type SessionState, useSessionQuery } from './api.ts';

/** Only same-site paths may be a `next` target (no `//evil.example`). */
export function safeNext(next: string | null | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** Where a session at a given stage must go before anything else. */
export function stagePath(state: SessionState, next?: string): string | null {
  const q = next && next !== '/' ? `?next=${encodeURIComponent(next)}` : '';
  if (state.stage === 'signed_out' || (state.stage === 'full' && !state.session)) return `/sign-in${q}`;
  if (state.stage === 'mfa') return `/sign-in/mfa${q}`;
  if (state.stage === 'mfa_setup') return `/mfa/setup${q}`;
  return null;
}

/** Use the language the user chose in their settings, once per signed-in user. */
function useUserLocale(state: SessionState | undefined) {
  const userId = state && state.stage === 'full' ? state.session?.user.id : undefined;
  const locale = state && state.stage === 'full' ? state.session?.user.locale : undefined;
  useEffect(() => {
    if (userId && isLocale(locale) && locale !== currentLocale()) void setLocale(locale);
  }, [userId]);
}

/** Guards every signed-in page: sends the visitor to sign-in, the MFA code or MFA setup. */
export function RequireSession() {
  const query = useSessionQuery();
  const location = useLocation();
  useUserLocale(query.data);
  if (query.isPending) {
    return (
      <Box pt="20vh">
        <Loading />
      </Box>
    );
  }
  if (query.isError) {
    return (
      <Box p="xl">
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      </Box>
    );
  }
  const target = stagePath(query.data, location.pathname + location.search);
  if (target) return <Navigate to={target} replace />;
  return <Outlet />;
}
