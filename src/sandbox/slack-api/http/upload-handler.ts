import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SlackStore } from '../store/store.js';
import { readBody } from './body.js';
import { boundaryOf, parseMultipart } from './multipart.js';
import { sendText } from './reply.js';

/**
 * Step 2 of the upload flow: the bytes for a file id, as raw body or multipart/form-data (what
 * WebClient.filesUploadV2 sends). Answers like files.slack.com: `OK - <bytes>`.
 */
export async function handleUpload(
  req: IncomingMessage,
  res: ServerResponse,
  fileId: string,
  store: SlackStore,
  maxBytes: number,
): Promise<void> {
  const body = await readBody(req, maxBytes);
  if (!body.ok) return sendText(res, 413, 'request_too_large');
  const file = store.files.get(fileId);
  if (!file || file.completed) return sendText(res, 404, 'file_not_found');
  const contentType = req.headers['content-type'] ?? '';
  let bytes = body.body;
  if (contentType.toLowerCase().startsWith('multipart/form-data')) {
    const boundary = boundaryOf(contentType);
    const parts = boundary ? parseMultipart(body.body, boundary) : undefined;
    const part = parts?.find((p) => p.filename !== undefined) ?? parts?.find((p) => p.name === 'file');
    if (!part) return sendText(res, 400, 'invalid_form_data');
    bytes = part.data;
  }
  file.bytes = bytes;
  sendText(res, 200, `OK - ${bytes.length}`);
}
