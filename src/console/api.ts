/** The console's one way to the API: bearer token, JSON, and problem documents turned into ApiError. */
export interface Problem {
  status: number;
  code: string;
  title?: string;
  detail?: string;
  'invalid-params'?: { name: string; reason: string }[];
  errors?: { line: number; column: string; code: string; params?: Record<string, string | number>; message: string }[];
  /** A rejected import: how many problems there are in all (`errors` holds the first of them). */
  errorCount?: number;
}

export class ApiError extends Error {
  constructor(public readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? problem.code);
  }
}

const TOKEN_KEY = 'datapact.token';
export const tokenStore = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

export async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const headers = new Headers(init.headers);
  const token = tokenStore.get();
  if (token) headers.set('authorization', `Bearer ${token}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers, body });
  } catch {
    throw new ApiError({ status: 0, code: 'network' });
  }
  if (!res.ok) {
    const problem = (await res.json().catch(() => ({ status: res.status, code: 'unknown' }))) as Problem;
    throw new ApiError({ ...problem, status: res.status });
  }
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

export function query(params: Record<string, string | number | boolean | undefined>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)]))}` : '';
}
