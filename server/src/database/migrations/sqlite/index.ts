import { Initial1795362576462 } from './1795362576462-Initial.js';

export const SQLITE_MIGRATIONS: (new () => unknown)[] = [Initial1795362576462];
