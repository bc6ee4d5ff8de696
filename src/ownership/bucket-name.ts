/**
 * S3 general purpose bucket naming rules, as AWS documents them. Returns the first rule a name
 * breaks, in words a person can act on, or undefined when the name is a valid bucket name.
 */

const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'] as const;
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'] as const;
const IPV4_SHAPE = /^\d{1,3}(\.\d{1,3}){3}$/;

export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63)
    return `bucket names are 3 to 63 characters long (this has ${name.length})`;
  const bad = /[^a-z0-9.-]/.exec(name);
  if (bad) return `bucket names use only lowercase letters, digits, "." and "-" (found "${bad[0]}")`;
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name))
    return 'bucket names begin and end with a letter or digit';
  if (name.includes('..')) return 'bucket names never contain two adjacent periods';
  if (IPV4_SHAPE.test(name)) return 'bucket names are never formatted as an IP address';
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `bucket names never start with the reserved prefix "${prefix}"`;
  const suffix = RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `bucket names never end with the reserved suffix "${suffix}"`;
  return undefined;
}
