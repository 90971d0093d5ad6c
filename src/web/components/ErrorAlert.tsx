import { Alert, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type CodeMap, errorDetail, errorMessage, unplacedFieldErrors } from '../lib/problem.ts';

interface Props {
  error: unknown;
  /** Field names the form displays itself; other field errors are listed here. */
  fields?: readonly string[];
  title?: string;
  codeMap?: CodeMap;
}

/** A problem+json error, in the user's language, with the server's detail when useful. */
export function ErrorAlert({ error, fields = [], title, codeMap }: Props) {
  const { t } = useTranslation();
  if (!error) return null;
  const detail = errorDetail(error, codeMap);
  const message = errorMessage(t, error, codeMap);
  const rest = unplacedFieldErrors(error, fields);
  return (
    <Alert color="red" variant="light" title={title} role="alert" data-testid="error-alert">
      <Text size="sm" fw={title ? undefined : 600} c={title ? undefined : 'red.8'}>{message}</Text>
      {detail && detail !== message ? <Text size="sm">{detail}</Text> : null}
      {rest.length > 0 ? (
        <List size="sm" mt={4}>
          {rest.map((line) => (
            <List.Item key={line}>{line}</List.Item>
          ))}
        </List>
      ) : null}
    </Alert>
  );
}
