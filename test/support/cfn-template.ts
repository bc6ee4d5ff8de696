import { readFileSync } from 'node:fs';
import { parse, type Tags, YAMLMap, YAMLSeq } from 'yaml';

/**
 * Reads the CloudFormation templates in deploy/aws/ for tests. CloudFormation YAML writes its
 * intrinsic functions as short tags (`!Ref`, `!Sub`, `!If`…), which a plain YAML parser refuses;
 * each is read here into its long JSON form (`{"Ref": …}`, `{"Fn::Sub": …}`), the form
 * CloudFormation itself turns them into. A tag not listed here fails the parse, by name.
 */

const FUNCTIONS = [
  'And',
  'Base64',
  'Cidr',
  'Equals',
  'FindInMap',
  'GetAZs',
  'If',
  'ImportValue',
  'Join',
  'Not',
  'Or',
  'Select',
  'Split',
  'Sub',
  'ToJsonString',
  'Length',
] as const;

/** A parsed YAML sequence or map; the tag turns it into plain JSON. */
type Collection = { toJSON(): unknown };

function shortTags(): Tags {
  const tags: Tags = [
    { tag: '!Ref', resolve: (value: string) => ({ Ref: value }) },
    { tag: '!Condition', resolve: (value: string) => ({ Condition: value }) },
    {
      tag: '!GetAtt',
      resolve: (value: string) => {
        const dot = value.indexOf('.');
        return { 'Fn::GetAtt': [value.slice(0, dot), value.slice(dot + 1)] };
      },
    },
    {
      tag: '!GetAtt',
      collection: 'seq',
      nodeClass: YAMLSeq,
      resolve: (seq: Collection) => ({ 'Fn::GetAtt': seq.toJSON() }),
    },
  ];
  for (const name of FUNCTIONS) {
    const key = `Fn::${name}`;
    tags.push(
      { tag: `!${name}`, resolve: (value: string) => ({ [key]: value }) },
      {
        tag: `!${name}`,
        collection: 'seq',
        nodeClass: YAMLSeq,
        resolve: (seq: Collection) => ({ [key]: seq.toJSON() }),
      },
      {
        tag: `!${name}`,
        collection: 'map',
        nodeClass: YAMLMap,
        resolve: (map: Collection) => ({ [key]: map.toJSON() }),
      },
    );
  }
  return tags;
}

export interface CfnParameter {
  Type: string;
  Default?: string | number;
  AllowedValues?: Array<string | number>;
  NoEcho?: boolean;
  Description?: string;
  AllowedPattern?: string;
}

export interface CfnResource {
  Type: string;
  Condition?: string;
  DependsOn?: string | string[];
  Properties?: Record<string, unknown>;
}

export interface CfnTemplate {
  AWSTemplateFormatVersion: string;
  Description?: string;
  Parameters?: Record<string, CfnParameter>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown; Condition?: string }>;
}

export function readCfnTemplate(url: URL): CfnTemplate {
  const parsed = parse(readFileSync(url, 'utf8'), { customTags: shortTags() }) as unknown;
  if (typeof parsed !== 'object' || parsed === null || !('Resources' in parsed))
    throw new Error(`${url.pathname}: not a CloudFormation template (no Resources)`);
  return parsed as CfnTemplate;
}

/** Parameter values for a deployment: the given ones over the template's defaults. */
export function parameterValues(
  template: CfnTemplate,
  given: Record<string, string> = {},
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, parameter] of Object.entries(template.Parameters ?? {})) {
    const value = given[name] ?? (parameter.Default === undefined ? undefined : String(parameter.Default));
    if (value !== undefined) values[name] = value;
  }
  for (const name of Object.keys(given))
    if (!(name in values)) throw new Error(`the template has no parameter ${name}`);
  return values;
}

const NO_VALUE = Symbol('AWS::NoValue');

/**
 * The template as CloudFormation would see it for these parameter values, as far as conditions
 * go: conditions are evaluated, `Fn::If` picks its branch, `AWS::NoValue` removes its property
 * or list item, resources and outputs whose condition is false are left out. Other intrinsic
 * functions (`Ref` to resources, `Fn::Sub`, `Fn::GetAtt`…) are left as they are.
 */
export function resolveConditions(template: CfnTemplate, parameters: Record<string, string>): CfnTemplate {
  const conditions = new Map<string, boolean>();
  const conditionOf = (name: string): boolean => {
    const known = conditions.get(name);
    if (known !== undefined) return known;
    const definition = template.Conditions?.[name];
    if (definition === undefined) throw new Error(`unknown condition ${name}`);
    const value = evaluateCondition(definition, parameters, conditionOf);
    conditions.set(name, value);
    return value;
  };
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk).filter((item) => item !== NO_VALUE);
    if (typeof value !== 'object' || value === null) return value;
    const record = value as Record<string, unknown>;
    if (record.Ref === 'AWS::NoValue') return NO_VALUE;
    if ('Fn::If' in record) {
      const [name, yes, no] = record['Fn::If'] as [string, unknown, unknown];
      return walk(conditionOf(name) ? yes : no);
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(record)) {
      const resolved = walk(item);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  };
  const keep = <T extends { Condition?: string }>(entries: Record<string, T>) =>
    Object.fromEntries(
      Object.entries(entries)
        .filter(([, item]) => item.Condition === undefined || conditionOf(item.Condition))
        .map(([key, item]) => [key, walk(item) as T]),
    );
  return {
    ...template,
    Resources: keep(template.Resources),
    ...(template.Outputs ? { Outputs: keep(template.Outputs) } : {}),
  };
}

function evaluateCondition(
  definition: unknown,
  parameters: Record<string, string>,
  conditionOf: (name: string) => boolean,
): boolean {
  const record = definition as Record<string, unknown>;
  const args = (key: string) => record[key] as unknown[];
  if ('Condition' in record) return conditionOf(record.Condition as string);
  if ('Fn::Equals' in record) {
    const [a, b] = args('Fn::Equals').map((item) => scalarValue(item, parameters));
    return a === b;
  }
  if ('Fn::Not' in record) return !evaluateCondition(args('Fn::Not')[0], parameters, conditionOf);
  if ('Fn::And' in record) return args('Fn::And').every((c) => evaluateCondition(c, parameters, conditionOf));
  if ('Fn::Or' in record) return args('Fn::Or').some((c) => evaluateCondition(c, parameters, conditionOf));
  throw new Error(`cannot evaluate condition ${JSON.stringify(definition)}`);
}

function scalarValue(value: unknown, parameters: Record<string, string>): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  const ref = (value as { Ref?: string }).Ref;
  if (ref !== undefined && ref in parameters) return parameters[ref] as string;
  if (ref !== undefined) throw new Error(`condition refers to ${ref}, which has no value`);
  if ('Fn::Join' in (value as object)) {
    const [separator, items] = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
    return items.map((item) => scalarValue(item, parameters)).join(separator);
  }
  throw new Error(`cannot evaluate ${JSON.stringify(value)} in a condition`);
}

/** Every logical id the template's values refer to with Ref, Fn::GetAtt or ${…} in Fn::Sub. */
export function referencedNames(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) referencedNames(item, into);
    return into;
  }
  if (typeof value !== 'object' || value === null) return into;
  const record = value as Record<string, unknown>;
  if (typeof record.Ref === 'string') into.add(record.Ref);
  if (Array.isArray(record['Fn::GetAtt'])) into.add(String(record['Fn::GetAtt'][0]));
  if ('Fn::Sub' in record) {
    const sub = record['Fn::Sub'];
    const text = Array.isArray(sub) ? String(sub[0]) : String(sub);
    const locals = Array.isArray(sub) && typeof sub[1] === 'object' ? Object.keys(sub[1] as object) : [];
    for (const match of text.matchAll(/\$\{([^!}][^}]*)\}/g)) {
      const name = (match[1] as string).split('.')[0] as string;
      if (!locals.includes(name)) into.add(name);
    }
  }
  for (const item of Object.values(record)) referencedNames(item, into);
  return into;
}
