import type { WebAPIPlatformError } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackStandIn } from '../../../src/sandbox/slack-api/index.js';
import { startStandIn, webClient } from './helpers.js';

let standIn: SlackStandIn;
beforeEach(async () => {
  standIn = await startStandIn();
});
afterEach(async () => {
  await standIn.stop();
});

describe('file uploads', () => {
  it('runs the whole filesUploadV2 flow and shares the file in a thread with its comment', async () => {
    const client = webClient(standIn);
    const parent = await client.chat.postMessage({ channel: 'C0ALERTS1', text: 'access review' });
    const shared: string[] = [];
    standIn.store.on('file_shared', (file) => shared.push(file.name));
    const csv = Buffer.from('user,last_used\nalice,2024-03-01\n');
    const result = await client.filesUploadV2({
      channel_id: 'C0ALERTS1',
      thread_ts: parent.ts as string,
      initial_comment: 'Review evidence attached',
      file: csv,
      filename: 'review.csv',
      title: 'Access review',
    });
    expect(result.ok).toBe(true);
    const [file] = [...standIn.store.files.values()];
    expect(file?.bytes?.toString()).toBe(csv.toString());
    expect(file?.title).toBe('Access review');
    expect(file?.channels).toEqual(['C0ALERTS1']);
    const thread = standIn.store.threadOf('C0ALERTS1', parent.ts as string);
    expect(thread[1]?.text).toBe('Review evidence attached');
    expect(thread[1]?.files).toEqual([file?.id]);
    expect(shared).toEqual(['review.csv']);
    expect(standIn.store.callsTo('files.getUploadURLExternal')).toHaveLength(1);
  });

  it('refuses to complete a file whose bytes never arrived', async () => {
    const client = webClient(standIn);
    const url = await client.files.getUploadURLExternal({ filename: 'a.txt', length: 3 });
    const error = (await client.files
      .completeUploadExternal({ files: [{ id: url.file_id as string }], channel_id: 'C0ALERTS1' })
      .catch((e: unknown) => e)) as WebAPIPlatformError;
    expect(error.data.error).toBe('file_not_found');
    expect(standIn.store.messagesIn('C0ALERTS1')).toHaveLength(0);
  });

  it('accepts raw bytes posted to the upload URL', async () => {
    const client = webClient(standIn);
    const url = await client.files.getUploadURLExternal({ filename: 'raw.bin', length: 4 });
    const response = await fetch(url.upload_url as string, {
      method: 'POST',
      body: Buffer.from([1, 2, 3, 4]),
    });
    expect(await response.text()).toBe('OK - 4');
    await client.files.completeUploadExternal({ files: [{ id: url.file_id as string }] });
    expect(standIn.store.files.get(url.file_id as string)?.completed).toBe(true);
  });
});
