import { Text } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ApiError } from '../../lib/api.ts';

const GENERIC_VALIDATION = '入力内容に誤りがあります';

/**
 * ErrorAlert, plus the server's own reason for a rule-based validation error (e.g. 「軽微な不適合」の評価には根拠を…),
 * which ErrorAlert leaves out for validation errors because their detail is usually the generic one.
 */
export function AuditError({ error, fields }: { error: unknown; fields?: readonly string[] }) {
  if (!error) return null;
  const reason = error instanceof ApiError && error.code === 'validation' && error.problem.detail && error.problem.detail !== GENERIC_VALIDATION ? error.problem.detail : null;
  return (
    <div>
      <ErrorAlert error={error} {...(fields ? { fields } : {})} />
      {reason ? <Text size="sm" c="red.8" mt={4} data-testid="error-reason">{reason}</Text> : null}
    </div>
  );
}
