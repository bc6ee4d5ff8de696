import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApiCall } from '../../src/remediation/actions/types.js';
import type { PreviewRecord, RequestRecord } from '../../src/remediation/request.js';
import { requestMessage, resultMessage, undoMessage } from '../../src/remediation/slack/messages.js';
import { buildPreviewErrorModal, buildPreviewModal } from '../../src/remediation/slack/preview-modal.js';
import { validateMessageBlocks, validateView } from '../../src/sandbox/slack-api/block-kit/validate.js';
import { MESSAGE_TEXT_BUDGET } from '../../src/slack/blocks/limits.js';
import { blockTextLength } from '../../src/slack/blocks/measure.js';

/** Whatever AWS and people put in them, containment's modal and messages stay inside Block Kit's limits. */
const KEY = 'AKIAEXAMPLEKEYQ7W2E4R';

function previewOf(text: string, calls: number, overrides: Partial<PreviewRecord> = {}): PreviewRecord {
  const call = (i: number): ApiCall => ({
    service: 'EC2',
    operation: 'ModifyNetworkInterfaceAttribute',
    action: 'ec2:ModifyNetworkInterfaceAttribute',
    resource: `arn:aws:ec2:eu-west-1:444455556666:network-interface/eni-${i}`,
    params: { NetworkInterfaceId: `eni-${i}${text}`, Groups: [text, KEY], AccessKeyId: KEY },
  });
  return {
    previewId: 'f6c1b1f2-5a51-4a57-9d6a-4f3c8a0e1b2c',
    incidentId: 'INC-B1',
    actionId: 'isolateInstance',
    accountId: '444455556666',
    region: 'eu-west-1',
    resourceLabel: `EC2 instance i-0abc${text}`,
    subjectKey: 'INC-B1.isolateInstance.abcdef012345',
    state: {},
    calls: Array.from({ length: calls }, (_, i) => call(i)),
    undoCalls: Array.from({ length: calls }, (_, i) => call(i)),
    consequence: `Consequence ${text}`,
    permissions: { checked: true, denied: calls > 3 ? [text || 'ec2:CreateSnapshot'] : [] },
    previewedBy: 'U0RESPOND1',
    previewedAt: '2026-12-04T02:00:00.000Z',
    ...overrides,
  };
}

function requestOf(preview: PreviewRecord, text: string, status: RequestRecord['status']): RequestRecord {
  return {
    ...preview,
    requestId: `${preview.subjectKey}.1`,
    status,
    requestedBy: 'U0RESPOND1',
    requestedByName: `rita${text}`,
    reason: `Reason ${text}`,
    requestedAt: '2026-12-04T02:00:00.000Z',
    secondApprover: true,
    expiresAt: '2026-12-04T02:30:00.000Z',
    approvedBy: text,
    rejectedBy: text,
    decidedAt: '2026-12-04T02:10:00.000Z',
    result: { verification: { ok: status === 'succeeded', observed: text }, error: text },
    undoneBy: text,
    undoResult: { verification: { ok: false, observed: text }, error: text },
    undoRound: 1,
  };
}

const STATUSES: RequestRecord['status'][] = [
  'pending-approval',
  'approved',
  'succeeded',
  'failed',
  'rejected',
  'expired',
  'undoing',
  'undone',
  'undo-failed',
];

describe('containment blocks', () => {
  it('fit Block Kit for any text and any number of calls, and never show a full key id', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 5000 }),
        fc.integer({ min: 0, max: 400 }),
        fc.constantFrom(...STATUSES),
        (text, calls, status) => {
          const preview = previewOf(text, calls);
          for (const secondApprover of [true, false]) {
            const modal = buildPreviewModal(preview, secondApprover);
            expect(validateView(modal).messages).toEqual([]);
            expect(JSON.stringify(modal)).not.toContain(KEY);
          }
          expect(validateView(buildPreviewErrorModal('Isolate the instance', text)).messages).toEqual([]);
          const request = requestOf(preview, text, status);
          for (const message of [
            requestMessage(request, text),
            resultMessage(request),
            undoMessage(request),
          ]) {
            expect(validateMessageBlocks(message.blocks).messages).toEqual([]);
            expect(blockTextLength(message.blocks)).toBeLessThan(MESSAGE_TEXT_BUDGET);
            expect(message.text.length).toBeGreaterThan(0);
            expect(JSON.stringify(message)).not.toContain(KEY);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('has no Contain button when a permission is missing or there is nothing to do', () => {
    expect(buildPreviewModal(previewOf('', 1), false).submit).toBeDefined();
    expect(buildPreviewModal(previewOf('', 4), false).submit).toBeUndefined();
    expect(
      buildPreviewModal(previewOf('', 1, { nothingToDo: 'already isolated' }), false).submit,
    ).toBeUndefined();
  });

  it('offers Approve and Reject only while the request waits, and Undo only after it was applied', () => {
    const preview = previewOf('', 1);
    const ids = (m: { blocks: readonly unknown[] }) =>
      JSON.stringify(m.blocks).match(/wk_remediation_[a-z]+/g) ?? [];
    expect(ids(requestMessage(requestOf(preview, '', 'pending-approval'), 'rita'))).toEqual([
      'wk_remediation_approve',
      'wk_remediation_reject',
    ]);
    expect(ids(requestMessage(requestOf(preview, '', 'approved'), 'rita'))).toEqual([]);
    expect(ids(resultMessage(requestOf(preview, '', 'succeeded')))).toEqual(['wk_remediation_undo']);
    expect(ids(resultMessage(requestOf(preview, '', 'failed')))).toEqual([]);
    expect(ids(resultMessage(requestOf(preview, '', 'undone')))).toEqual([]);
    expect(ids(resultMessage({ ...requestOf(preview, '', 'succeeded'), undoCalls: null }))).toEqual([]);
  });
});
