/** JSON calls to the app's own route handlers, with the server's error sentence on failure. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly fields: Partial<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(path, {
    method: init.method ?? "GET",
    headers: init.body === undefined ? undefined : { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    cache: "no-store",
  });
  const body = (await response.json().catch(() => null)) as (T & { error?: string; fields?: Record<string, string> }) | null;
  if (!response.ok) {
    throw new ApiError(body?.error ?? `The server answered HTTP ${response.status}.`, response.status, body?.fields);
  }
  return body as T;
}
