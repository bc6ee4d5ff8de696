import { describe, expect, it } from 'vitest';
import { deliveredToRule, EventPatternError, matchesEventPattern } from '../support/event-pattern.js';

/**
 * The pattern evaluator the deploy/aws template tests rely on, checked against the matching
 * rules of the EventBridge user guide ("Event patterns", "Content filtering in event patterns").
 */

const event = {
  source: 'aws.ec2',
  'detail-type': 'EC2 Instance State-change Notification',
  resources: ['arn:aws:ec2:eu-central-1:470112358132:instance/i-0a1b2c3d4e5f60718'],
  detail: {
    state: 'running',
    'instance-id': 'i-0a1b2c3d4e5f60718',
    count: 5,
    tags: ['prod', 'web'],
    findings: [{ Severity: { Label: 'LOW' } }, { Severity: { Label: 'HIGH' } }],
    empty: null,
  },
};

describe('matchesEventPattern', () => {
  it('needs every named field to match one of its values, exactly', () => {
    expect(
      matchesEventPattern({ source: ['aws.ec2'], detail: { state: ['running', 'stopped'] } }, event),
    ).toBe(true);
    expect(matchesEventPattern({ source: ['aws.ec2'], detail: { state: ['stopped'] } }, event)).toBe(false);
    expect(matchesEventPattern({ source: ['AWS.EC2'] }, event)).toBe(false);
  });

  it('matches an array value when any element matches, and descends into arrays of objects', () => {
    expect(matchesEventPattern({ detail: { tags: ['web'] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { findings: { Severity: { Label: ['HIGH'] } } } }, event)).toBe(
      true,
    );
    expect(matchesEventPattern({ detail: { findings: { Severity: { Label: ['CRITICAL'] } } } }, event)).toBe(
      false,
    );
  });

  it('fails a field the event lacks, except {"exists": false}', () => {
    expect(matchesEventPattern({ detail: { errorCode: [{ prefix: '' }] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { errorCode: [{ exists: false }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { state: [{ exists: true }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { state: [{ exists: false }] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { missing: { nested: [{ exists: false }] } } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { missing: { nested: ['x'] } } }, event)).toBe(false);
  });

  it('matches null only against null', () => {
    expect(matchesEventPattern({ detail: { empty: [null] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { state: [null] } }, event)).toBe(false);
  });

  it('evaluates prefix, suffix, wildcard and equals-ignore-case on strings only', () => {
    expect(matchesEventPattern({ detail: { 'instance-id': [{ prefix: 'i-0a' }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { 'instance-id': [{ suffix: '0718' }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { 'instance-id': [{ suffix: '0719' }] } }, event)).toBe(false);
    expect(matchesEventPattern({ resources: [{ wildcard: 'arn:aws:ec2:*:instance/*' }] }, event)).toBe(true);
    expect(matchesEventPattern({ resources: [{ wildcard: 'arn:aws:s3:*' }] }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { state: [{ 'equals-ignore-case': 'RUNNING' }] } }, event)).toBe(
      true,
    );
    expect(matchesEventPattern({ detail: { count: [{ prefix: '5' }] } }, event)).toBe(false);
  });

  it('evaluates anything-but with a value, a list or a prefix, never matching a missing field', () => {
    expect(matchesEventPattern({ detail: { state: [{ 'anything-but': 'stopped' }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { state: [{ 'anything-but': ['running', 'x'] }] } }, event)).toBe(
      false,
    );
    expect(matchesEventPattern({ detail: { state: [{ 'anything-but': { prefix: 'run' } }] } }, event)).toBe(
      false,
    );
    expect(matchesEventPattern({ detail: { nothing: [{ 'anything-but': 'x' }] } }, event)).toBe(false);
  });

  it('evaluates numeric ranges', () => {
    expect(matchesEventPattern({ detail: { count: [{ numeric: ['>', 4, '<=', 5] }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { count: [{ numeric: ['>=', 6] }] } }, event)).toBe(false);
  });

  it('accepts an event matching any alternative of $or, at any level', () => {
    const pattern = {
      source: ['aws.ec2'],
      $or: [{ detail: { state: ['stopped'] } }, { detail: { tags: ['prod'] } }],
    };
    expect(matchesEventPattern(pattern, event)).toBe(true);
    expect(matchesEventPattern({ detail: { $or: [{ state: ['stopped'] }, { count: [4] }] } }, event)).toBe(
      false,
    );
  });

  it('refuses, by name, a pattern it cannot evaluate rather than guessing', () => {
    expect(() => matchesEventPattern({ detail: { state: [{ cidr: '10.0.0.0/8' }] } }, event)).toThrow(
      /operator "cidr" is not evaluated/,
    );
    expect(() => matchesEventPattern({ detail: { state: 'running' } }, event)).toThrow(EventPatternError);
    expect(() => matchesEventPattern({ $or: [{ source: ['x'] }] }, event)).toThrow(/at least two/);
  });
});

describe('deliveredToRule', () => {
  const apiCall = (eventName: string, readOnly: boolean) => ({
    'detail-type': 'AWS API Call via CloudTrail',
    detail: { eventName, readOnly },
  });

  it('keeps read-only Describe/Get/List management events from a rule that is only ENABLED', () => {
    expect(deliveredToRule(apiCall('DescribeInstances', true), 'ENABLED')).toBe(false);
    expect(deliveredToRule(apiCall('GetSecretValue', true), 'ENABLED')).toBe(false);
    expect(deliveredToRule(apiCall('ListBuckets', true), 'ENABLED')).toBe(false);
  });

  it('hands them to a rule in ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS', () => {
    expect(
      deliveredToRule(apiCall('DescribeInstances', true), 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'),
    ).toBe(true);
  });

  it('delivers writes, read-only events named otherwise, and every other event to an enabled rule', () => {
    expect(deliveredToRule(apiCall('RunInstances', false), 'ENABLED')).toBe(true);
    expect(deliveredToRule(apiCall('TestEventPattern', true), 'ENABLED')).toBe(true);
    expect(deliveredToRule(event, 'ENABLED')).toBe(true);
    expect(deliveredToRule(event, 'DISABLED')).toBe(false);
  });
});
