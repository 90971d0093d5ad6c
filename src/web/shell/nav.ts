import { assessmentsNav } from '../assessments/nav.ts';
import { auditNav } from '../audit/nav.ts';
import { catalogsNav } from '../catalogs/nav.ts';
import { consortiumNav } from '../consortium/nav.ts';
import { flowsNav } from '../flows/nav.ts';
import { incidentsNav } from '../incidents/nav.ts';
import { intelNav } from '../intel/nav.ts';
import { sharingNav } from '../sharing/nav.ts';
import { platformNav } from '../platform/nav.ts';
import { upcomingNav } from '../upcoming/nav.ts';
import type { NavSection } from './nav-types.ts';

/** The side navigation, one section per module, in display order. */
export const NAV_SECTIONS: readonly NavSection[] = [platformNav, consortiumNav, incidentsNav, flowsNav, intelNav, sharingNav, catalogsNav, assessmentsNav, auditNav, upcomingNav];
