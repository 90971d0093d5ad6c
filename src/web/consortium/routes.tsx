import { Navigate, type RouteObject } from 'react-router-dom';
import { useSession } from '../platform/api.ts';
import { AccountReviewPage } from './AccountReviewPage.tsx';
import { InstitutionFormPage } from './InstitutionFormPage.tsx';
import { InstitutionsPage } from './InstitutionsPage.tsx';
import { MembersPage } from './MembersPage.tsx';

/** `/members`: the signed-in user's own institution. */
function MyMembers() {
  const session = useSession();
  return <Navigate to={`/institutions/${session.institution.id}/members`} replace />;
}

export const consortiumRoutes: RouteObject[] = [
  { path: 'members', element: <MyMembers /> },
  { path: 'institutions', element: <InstitutionsPage /> },
  { path: 'institutions/new', element: <InstitutionFormPage /> },
  { path: 'institutions/:id', element: <InstitutionFormPage /> },
  { path: 'institutions/:id/members', element: <MembersPage /> },
  { path: 'account-review', element: <AccountReviewPage /> },
];
