import type { RouteObject } from 'react-router-dom';
import { CatalogListPage } from './CatalogListPage.tsx';
import { ChecklistPage, ChecklistsPage } from './ChecklistPages.tsx';
import { ComparePage } from './ComparePage.tsx';
import { ImportPage } from './ImportPage.tsx';
import { RegulationDetailRoute } from './RegulationDetailPage.tsx';
import { SearchPage } from './SearchPage.tsx';

/** Static paths before `catalogs/:id`, which would otherwise take "import", "compare" … as an id. */
export const catalogsRoutes: RouteObject[] = [
  { path: 'catalogs', element: <CatalogListPage /> },
  { path: 'catalogs/import', element: <ImportPage /> },
  { path: 'catalogs/compare', element: <ComparePage /> },
  { path: 'catalogs/search', element: <SearchPage /> },
  { path: 'catalogs/checklists', element: <ChecklistsPage /> },
  { path: 'catalogs/checklists/:id', element: <ChecklistPage /> },
  { path: 'catalogs/:id', element: <RegulationDetailRoute /> },
];
