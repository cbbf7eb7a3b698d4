import createClient, { type Middleware } from 'openapi-fetch';
import type { paths, components } from './schema';

export type Schemas = components['schemas'];

/** RFC 9457 problem details as the API answers them. */
export interface Problem {
  title?: string;
  detail?: string;
  status?: number;
  errors?: Record<string, string[]>;
}

export class ApiError extends Error {
  constructor(public readonly status: number, public readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

let onUnauthorized: () => void = () => {};
/** Where a 401 sends the user (the login page); set once by the app. */
export function setUnauthorizedHandler(handler: () => void) {
  onUnauthorized = handler;
}

const unauthorized: Middleware = {
  onResponse({ response }) {
    if (response.status === 401 && !response.url.includes('/api/auth/')) onUnauthorized();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(unauthorized);

/** Unwraps an openapi-fetch result: the data, or an ApiError carrying the problem details. */
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await request;
  if (!response.ok) throw new ApiError(response.status, (error ?? {}));
  return data as T;
}

/** Puts a 400's field errors on the form's fields, so each message stands under the field it names. */
export function showFieldErrors(form: { setFields: (fields: { name: string; errors: string[] }[]) => void }, error: unknown) {
  if (error instanceof ApiError && error.problem.errors) {
    form.setFields(Object.entries(error.problem.errors).map(([name, errors]) => ({ name, errors })));
  }
}
