/** A small HTTP client for the API, the way the mini-program calls it. */
export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  token?: string;
  patientId?: string;
  language?: string;
  headers?: Record<string, string>;
  /** Send this exact text as the body (for malformed JSON tests). */
  rawBody?: string;
}

export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, path: string, body?: unknown, options: CallOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.patientId) headers['x-patient-id'] = options.patientId;
    if (options.language) headers['accept-language'] = options.language;
    let payload: string | undefined;
    if (options.rawBody !== undefined) payload = options.rawBody;
    else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const url = path.startsWith('http') ? path : `${this.baseUrl}${path.startsWith('/api') ? '' : '/api/v1'}${path}`;
    const res = await fetch(url, { method, headers, body: payload });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = any>(path: string, options?: CallOptions) {
    return this.request<T>('GET', path, undefined, options);
  }

  post<T = any>(path: string, body?: unknown, options?: CallOptions) {
    return this.request<T>('POST', path, body, options);
  }

  patch<T = any>(path: string, body?: unknown, options?: CallOptions) {
    return this.request<T>('PATCH', path, body, options);
  }

  delete<T = any>(path: string, options?: CallOptions) {
    return this.request<T>('DELETE', path, undefined, options);
  }
}

/** Calls the simulator's control API. */
export async function simControl<T = any>(simUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const send = () =>
    fetch(`${simUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  let res: Response;
  try {
    res = await send();
  } catch (error) {
    // A kept-alive socket the simulator closed at the same moment (ECONNRESET under load): reads are safe to repeat.
    if (method !== 'GET') throw error;
    res = await send();
  }
  const text = await res.text();
  if (!res.ok) throw new Error(`simulator ${method} ${path} → ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
