import { CONTACT_READ_ROUTES } from './contact-read-routes';
import { CONTACT_WRITE_ROUTES } from './contact-write-routes';
import { FOLDER_ROUTES } from './folder-routes';
import type { GraphRoute } from './graph-route';
import { ME_ROUTE } from './me-route';

/** Every Graph operation the emulator serves, for `/me/...` and `/users/{user}/...`; the first match wins. */
export const GRAPH_ROUTES: readonly GraphRoute[] = [ME_ROUTE, ...FOLDER_ROUTES, ...CONTACT_READ_ROUTES, ...CONTACT_WRITE_ROUTES];
