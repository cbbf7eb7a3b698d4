import { useQuery } from '@tanstack/react-query';
import { api, call, type Schemas } from './client';

/** The permissions of the matrix (docs/permissions.md); the server enforces them, the SPA only hides what would be refused. */
export type Permission =
  | 'tickets.work' | 'customers.serviceData' | 'customers.profile' | 'customers.tasks' | 'reports.view'
  | 'customers.export' | 'customers.archive' | 'settings.configure' | 'customers.erase' | 'users.administer';

type Me = Schemas['MeResponse'];
type Matrix = Schemas['ListRolesResponse'];

const long = 10 * 60_000;

/** Whether `me` may do `permission` for a customer whose account manager is `accountManager` (undefined: for some customer). */
export function allows(me: Pick<Me, 'roles' | 'userName' | 'permissions'>, matrix: Matrix | undefined, permission: Permission, accountManager?: string | null) {
  if (!me.permissions.includes(permission)) return false;
  const row = matrix?.permissions.find((p) => p.name === permission);
  if (!row || accountManager === undefined) return true;
  if (me.roles.some((r) => row.roles.includes(r) && !row.ownCustomersOnly.includes(r))) return true;
  return !!accountManager && accountManager.toLowerCase() === me.userName.toLowerCase();
}

/** `can('customers.erase')`, `can('customers.profile', customer.accountManager)`. False until the caller is known. */
export function useCan() {
  const me = useQuery({ queryKey: ['me'], queryFn: () => call(api.GET('/api/auth/me')), staleTime: long });
  const matrix = useMatrix();
  return (permission: Permission, accountManager?: string | null) =>
    !!me.data && allows(me.data, matrix.data, permission, accountManager);
}

export function useMatrix() {
  return useQuery({ queryKey: ['roles'], queryFn: () => call(api.GET('/api/roles')), staleTime: long });
}
