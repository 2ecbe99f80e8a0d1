/** The wire under the request module: one HTTP exchange, no retries, no auth. Each platform supplies one. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

export interface HttpRequest {
  url: string;
  method: HttpMethod;
  headers: Record<string, string>;
  /** Sent as JSON when present. */
  body?: unknown;
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** Parsed JSON when the answer is JSON, the text otherwise, undefined when empty. */
  body: unknown;
}

export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>;

/** A file on the device: a temporary path (WeChat) or a browser File (H5; `path` is then an object URL for previews). */
export interface UploadFile {
  path: string;
  name: string;
  /** MIME type when known ('' when the platform does not say: WeChat's temporary files have only an extension). */
  type: string;
  size: number;
  blob?: Blob;
}

/** One multipart/form-data POST with a single file field: `Taro.uploadFile` in WeChat, fetch + FormData in the browser. */
export interface UploadRequest {
  url: string;
  headers: Record<string, string>;
  fieldName: string;
  file: UploadFile;
  /** Other form fields sent with the file. */
  fields?: Record<string, string>;
  timeoutMs: number;
}

export type UploadTransport = (request: UploadRequest) => Promise<HttpResponse>;

/** The request never got an HTTP answer: no network, connection dropped, or no answer in time. */
export class TransportError extends Error {
  constructor(
    readonly kind: 'network' | 'timeout',
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export function lowerCaseHeaders(headers: Record<string, unknown> | undefined | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) if (value !== undefined && value !== null) out[key.toLowerCase()] = String(value);
  return out;
}

/** A transport over `fetch` (the browser build, and Node in tests). */
export function fetchTransport(fetchImpl: typeof fetch = (...args) => fetch(...args)): HttpTransport {
  return async (request) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), request.timeoutMs);
    const headers = { ...request.headers };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetchImpl(request.url, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: controller.signal,
      });
    } catch (error) {
      if (controller.signal.aborted) throw new TransportError('timeout', `no answer within ${request.timeoutMs} ms`);
      throw new TransportError('network', error instanceof Error ? error.message : String(error));
    } finally {
      clearTimeout(timer);
    }
    const responseHeaders: Record<string, string> = {};
    res.headers.forEach((value, key) => {
      responseHeaders[key.toLowerCase()] = value;
    });
    let text: string;
    try {
      text = await res.text();
    } catch (error) {
      throw new TransportError('network', error instanceof Error ? error.message : String(error));
    }
    return { status: res.status, headers: responseHeaders, body: parseBody(text, responseHeaders['content-type']) };
  };
}

/** An upload over `fetch` + FormData (the browser build). */
export function fetchUploadTransport(fetchImpl: typeof fetch = (...args) => fetch(...args)): UploadTransport {
  return async (request) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), request.timeoutMs);
    let res: Response;
    try {
      const blob = request.file.blob ?? (await (await fetchImpl(request.file.path)).blob());
      const form = new FormData();
      for (const [name, value] of Object.entries(request.fields ?? {})) form.append(name, value);
      form.append(request.fieldName, blob, request.file.name);
      // No content-type header: the browser writes the multipart boundary itself.
      res = await fetchImpl(request.url, { method: 'POST', headers: request.headers, body: form, signal: controller.signal });
    } catch (error) {
      if (controller.signal.aborted) throw new TransportError('timeout', `no answer within ${request.timeoutMs} ms`);
      throw new TransportError('network', error instanceof Error ? error.message : String(error));
    } finally {
      clearTimeout(timer);
    }
    const headers: Record<string, string> = {};
    res.headers.forEach((value, key) => {
      headers[key.toLowerCase()] = value;
    });
    let text: string;
    try {
      text = await res.text();
    } catch (error) {
      throw new TransportError('network', error instanceof Error ? error.message : String(error));
    }
    return { status: res.status, headers, body: parseBody(text, headers['content-type']) };
  };
}

/** The MIME type of an image from its file name, '' when the extension says nothing we know. */
export function imageTypeFromName(name: string): string {
  const ext = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === 'jpg' || ext === 'jpeg') return 'image/jpeg';
  if (ext === 'png') return 'image/png';
  if (ext === 'webp') return 'image/webp';
  if (ext === 'gif') return 'image/gif';
  if (ext === 'heic') return 'image/heic';
  return '';
}

export function parseBody(text: string, contentType: string | undefined): unknown {
  if (!text) return undefined;
  if (contentType?.includes('json') || /^[[{]/.test(text.trimStart())) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}
