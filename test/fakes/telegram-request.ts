import type { IncomingMessage } from 'node:http';

/** A file uploaded with a Bot API call (multipart/form-data). */
export interface FakeUpload {
  filename: string;
  /** The file as UTF-8 text (documents). */
  content: string;
  /** The file's bytes as sent (photos). */
  bytes: Buffer;
}

/** A Bot API call's parameters, whichever way they were sent: query string, JSON, form or multipart. */
export type FakeParams = Record<string, unknown>;

/** Reads and decodes a Bot API request; `attach://<name>` values are replaced by the uploaded file. */
export async function readParams(req: IncomingMessage): Promise<FakeParams> {
  const url = new URL(req.url ?? '/', 'http://fake');
  const params: FakeParams = Object.fromEntries([...url.searchParams].map(([k, v]) => [k, jsonOrString(v)]));
  const body = await readAll(req);
  const type = req.headers['content-type'] ?? '';
  if (body.length === 0) return params;
  if (type.startsWith('application/json')) return { ...params, ...(JSON.parse(body.toString('utf8')) as FakeParams) };
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return {
      ...params,
      ...Object.fromEntries([...new URLSearchParams(body.toString('utf8'))].map(([k, v]) => [k, jsonOrString(v)])),
    };
  }
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
  if (type.startsWith('multipart/form-data') && boundary)
    return { ...params, ...multipart(body, boundary[1] ?? boundary[2] ?? '') };
  throw new Error(`unsupported content type '${type}'`);
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

// Form fields are strings on the wire; objects and numbers were JSON-encoded by the client.
function jsonOrString(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

// grammY writes headers in lower case without spaces and file names unquoted, so this stays lenient.
function multipart(body: Buffer, boundary: string): FakeParams {
  const fields: FakeParams = {};
  const files = new Map<string, FakeUpload>();
  for (const part of body.toString('latin1').split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    const bytes = Buffer.from(part.slice(split + 4).replace(/\r\n$/, ''), 'latin1');
    const value = bytes.toString('utf8');
    const name = /name="([^"]+)"/i.exec(head)?.[1];
    if (name === undefined) continue;
    const filename = /filename=(?:"([^"]*)"|([^;\r\n]*))/i.exec(head);
    if (filename) files.set(name, { filename: filename[1] ?? filename[2] ?? '', content: value, bytes });
    else fields[name] = jsonOrString(value);
  }
  for (const [key, value] of Object.entries(fields)) {
    const attached = typeof value === 'string' && value.startsWith('attach://') ? files.get(value.slice(9)) : undefined;
    if (attached) fields[key] = attached;
  }
  return fields;
}
