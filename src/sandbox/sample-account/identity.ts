/** The sandbox's sample AWS account: clearly not a real one, and labelled as sample data everywhere. */
export const SAMPLE_ACCOUNT_ID = '000011112222';
export const SAMPLE_ACCOUNT_ALIAS = 'sample-account';
export const SAMPLE_REGION = 'eu-west-1';
export const SAMPLE_DETECTOR_ID = 'sampledetector0000000000000000001';
