import { Alert, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { fieldErrors } from '../lib/problem.ts';
import { AuthLayout } from '../shell/AuthLayout.tsx';
import { authApi, useApplySession, useSessionQuery } from './api.ts';
import { safeNext, stagePath } from './RequireSession.tsx';

export function SignInPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const applySession = useApplySession();
  const session = useSessionQuery();
  const next = safeNext(params.get('next'));
  const [email, setEmail] = useState(params.get('email') ?? '');
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationFn: () => authApi.login(email.trim(), password),
    onSuccess: (res) => {
      applySession(res);
      navigate(stagePath(res, next) ?? next, { replace: true });
    },
  });
  if (session.data?.stage === 'full' && session.data.session) return <Navigate to={next} replace />;
  const fe = fieldErrors(login.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate();
  };
  return (
    <AuthLayout title={t('signIn.title')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('signIn.lead')}
          </Text>
          {params.get('expired') ? <Alert color="yellow">{t('signIn.expired')}</Alert> : null}
          <ErrorAlert error={login.error} fields={['email', 'password']} codeMap={{ unauthenticated: 'errors.invalid_credentials' }} />
          <TextInput
            label={t('signIn.email')}
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={fe.email}
            autoFocus
          />
          <PasswordInput
            label={t('signIn.password')}
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={fe.password}
          />
          <Button type="submit" loading={login.isPending} fullWidth data-testid="sign-in-submit">
            {t('signIn.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
