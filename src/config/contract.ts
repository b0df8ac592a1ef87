import { CONTRACT_KEYS } from './app-profile.ts';
import { checkOverride, type OverrideProblem } from './contract-check.ts';
import { deepMerge } from './contract-merge.ts';

/**
 * Contracts as data: everything the suites assume about an app is in its profile, and an
 * environment overrides any of it with one key per app target, `contract` (a deep partial of
 * the profile's contract part). The older `routes` key keeps working and wins over
 * `contract.routes` (it is the more specific of the two).
 */

interface ProfileLike {
  id: string;
  routes: Record<string, string>;
}
interface TargetLike {
  contract?: Record<string, unknown> | undefined;
  routes?: Record<string, string> | undefined;
}

/** The overridable part of a profile: exactly the keys an environment's `contract` may set. */
export function contractOf(profile: object): Record<string, unknown> {
  const p = profile as Record<string, unknown>;
  return Object.fromEntries(CONTRACT_KEYS.filter((k) => k in p).map((k) => [k, p[k]]));
}

/** Every problem of an app target's `contract` and `routes`, with full paths (`apps.fr.contract.labels.emial`). */
export function checkContract(profile: ProfileLike, target: TargetLike): OverrideProblem[] {
  const base = `apps.${profile.id}`;
  return [
    ...(target.contract === undefined ? [] : checkOverride(contractOf(profile), target.contract, `${base}.contract`)),
    ...(target.routes === undefined ? [] : checkOverride(profile.routes, target.routes, `${base}.routes`)),
  ];
}

/** The profile as this environment's deployment has it. Call only after `checkContract` found nothing. */
export function applyContract<P extends ProfileLike>(profile: P, target: TargetLike): P {
  const merged = deepMerge(profile, target.contract ?? {});
  return target.routes && Object.keys(target.routes).length ? { ...merged, routes: { ...merged.routes, ...target.routes } } : merged;
}

/** The config key that changes one contract item, for messages: `apps.flowcomply.contract.routes.metrics`. */
export function contractKey(app: string, ...path: string[]): string {
  return `apps.${app}.contract.${path.join('.')}`;
}
