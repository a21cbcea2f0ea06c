// Load with autocannon (fixed connections for a fixed time, after a warm-up),
// medians over runs, and a few GraphQL helpers.
import autocannon from 'autocannon';

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export interface LoadOptions {
  url: string;
  token: string;
  body: string;
  /** Per request instead of token/body (e.g. writes spread over tenants). */
  next?: () => { token: string; body: string };
  connections?: number;
  durationSeconds: number;
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  const next = options.next;
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    connections: options.connections ?? 10,
    duration: options.durationSeconds,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
    body: next ? undefined : options.body,
    requests: next
      ? [{
          setupRequest: (req: Record<string, unknown>) => {
            const { token, body } = next();
            return { ...req, body, headers: { ...(req.headers as Record<string, string>), authorization: `Bearer ${token}` } };
          },
        }]
      : undefined,
  } as autocannon.Options);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export async function gql<T = unknown>(url: string, token: string | null, query: string, variables: Record<string, unknown> = {}, operationName?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables, operationName }),
  });
  const json = (await res.json()) as { data?: T; errors?: { message: string }[]; extensions?: { sqlStatements?: number } };
  if (!res.ok || json.errors?.length) throw new Error(`${url} ${res.status}: ${JSON.stringify(json.errors ?? json).slice(0, 500)}`);
  return json;
}

const LOGIN = `mutation Login($input: LoginInput!) { login(input: $input) { tokens { accessToken } userErrors { code message } } }`;

/** Signs in through the API (the real password check and token service). */
export async function login(apiUrl: string, email: string, password: string): Promise<string> {
  const json = await gql<{ login: { tokens: { accessToken: string } | null; userErrors: unknown[] } }>(apiUrl, null, LOGIN, { input: { email, password } });
  const tokens = json.data!.login.tokens;
  if (!tokens) throw new Error(`login ${email} failed: ${JSON.stringify(json.data!.login.userErrors)}`);
  return tokens.accessToken;
}

export const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
export const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);
