/**
 * Every action_id, block_id and callback_id of access-review reports and campaigns. Handlers bind
 * to these constants only; never spell the strings elsewhere. Values carried by buttons are
 * report or campaign ids (and `<campaign id>|<principal key>` for a reviewer's decision), kept
 * under Slack's 2,000-character value limit.
 */

export const ACCESS_REVIEW_ACTION_IDS = {
  /** Report button: uploads the full report as CSV to the channel. */
  exportCsv: 'wk_review_export_csv',
  /** Report button: shows what a campaign over the report's principals would send, to confirm. */
  startCampaign: 'wk_review_start_campaign',
  /** Confirmation button (shown only to who clicked Start review): starts the campaign. */
  confirmStartCampaign: 'wk_review_start_campaign_confirm',
  /** Reviewer buttons on a campaign item. */
  keep: 'wk_review_keep',
  revoke: 'wk_review_revoke',
  notMine: 'wk_review_not_mine',
  /** Campaign status message button (security admins): close now and export the evidence. */
  closeCampaign: 'wk_review_close_campaign',
} as const;

export const ACCESS_REVIEW_CALLBACK_IDS = {
  /** Modal asking for the justification of a Keep or Revoke (and remediation confirmation). */
  decision: 'wk_review_decision_modal',
  /** Modal asking who owns the principal instead (Not mine). */
  reassign: 'wk_review_reassign_modal',
  /** Modal listing exactly what a Revoke with "Change IAM" will change; submitting applies it. */
  revokeConfirm: 'wk_review_revoke_confirm_modal',
} as const;
