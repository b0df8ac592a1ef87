import { at, candidatePaths } from '../core/field-path.ts';
import { labelPattern } from '../apps/label-match.ts';
import { mismatch, ok, type DoctorFinding } from './finding.ts';

/**
 * The pure half of `doctor --env`: given what the deployment answered, name each difference
 * from the profile and the key that fixes it. The probe (probe.ts) only fetches.
 */

const routeKeys = (app: string, key: string) => `apps.${app}.contract.routes.${key} (or apps.${app}.routes.${key})`;

export function routeFinding(app: string, key: string, path: string, status: number, check: string): DoctorFinding {
  const item = `GET ${path} (routes.${key})`;
  if (status === 404)
    return mismatch('route', item, 'answered 404: no such route on the deployment', `set ${routeKeys(app, key)} to the deployment's path, or waive "${check}"`);
  if (status >= 500) return mismatch('route', item, `answered ${status}`, `the deployment fails on this route: fix it, or waive "${check}" with a reason`);
  if (status === 401 || status === 403)
    return mismatch(
      'route',
      item,
      `answered ${status} with the configured account`,
      `check the account's role and the token (responses.token), or waive "${check}"`,
    );
  return ok('route', item, `answered ${status}`);
}

/** A response value expected at `responses.<key>`; when missing, the paths that look like it. */
export function fieldFinding(
  app: string,
  key: string,
  path: string,
  body: unknown,
  looksLike: (k: string, v: unknown) => boolean,
  valid: (v: unknown) => boolean,
): DoctorFinding {
  const value = at(body, path);
  const item = `responses.${key} = "${path}"`;
  if (valid(value)) return ok('field', item, 'present');
  const candidates = candidatePaths(body, looksLike).filter((p) => p !== path);
  return mismatch(
    'field',
    item,
    candidates.length ? `missing; found ${candidates.map((c) => `"${c}"`).join(', ')} instead` : `missing; the body has ${topKeys(body)}`,
    `set apps.${app}.contract.responses.${key}${candidates.length ? ` = "${candidates[0]}"` : ''}`,
  );
}

function topKeys(body: unknown): string {
  if (body === null || typeof body !== 'object') return `no JSON object (${JSON.stringify(body)?.slice(0, 60)})`;
  return `keys ${Object.keys(body).slice(0, 12).join(', ') || '(none)'}`;
}

/** A ready route (FlowComply's): each expected service reported as connected; extra or missing ones named; `check` is the one to waive per service. */
export function serviceFindings(app: string, expected: readonly string[], services: unknown, connected: string, check: string): DoctorFinding[] {
  if (!services || typeof services !== 'object')
    return [
      mismatch(
        'health',
        'health services',
        `no services object (${JSON.stringify(services)?.slice(0, 80)})`,
        `set apps.${app}.contract.responses.readyServices to where the services are listed`,
      ),
    ];
  const listed = Object.keys(services);
  const missing = expected.filter((s) => !listed.includes(s));
  const out: DoctorFinding[] = [];
  if (missing.length) {
    out.push(
      mismatch(
        'health',
        `expected.readyServices = [${expected.join(', ')}]`,
        `health lists ${listed.join(', ') || 'nothing'} (no ${missing.join(', ')})`,
        `set apps.${app}.contract.expected.readyServices = ${JSON.stringify(listed)}, or waive ${missing.map((s) => `"${check}:${s}"`).join(', ')}`,
      ),
    );
  } else out.push(ok('health', `expected.readyServices = [${expected.join(', ')}]`, `health lists ${listed.join(', ')}`));
  for (const s of expected.filter((x) => listed.includes(x))) {
    const state = (services as Record<string, unknown>)[s];
    if (state !== connected)
      out.push(
        mismatch(
          'health',
          `${s} is "${connected}" (words.connected)`,
          `"${String(state)}"`,
          typeof state === 'string' && /up|ok|healthy|connected/i.test(state)
            ? `set apps.${app}.contract.words.connected = "${state}"`
            : `the service is not connected on the deployment (or waive "${check}:${s}")`,
        ),
      );
  }
  return out;
}

export function countFinding(app: string, key: string, expected: number, found: number | undefined): DoctorFinding {
  const item = `expected.${key} = ${expected}`;
  if (found === expected) return ok('count', item, `${found}`);
  return mismatch(
    'count',
    item,
    found === undefined ? 'not readable' : `${found}`,
    found === undefined ? `check responses.* paths for ${key}` : `set apps.${app}.contract.expected.${key} = ${found} if that is this deployment's seed`,
  );
}

/** What a page offers to a person: label texts, headings and buttons (from the probe). */
export interface PageInventory {
  path: string;
  labels: string[];
  headings: string[];
  buttons: string[];
}

/** Form labels (accessible names) and the heading and button names the suites locate. */
export function labelFindings(
  app: string,
  page: PageInventory,
  want: { labels: Record<string, string>; headings: Record<string, string>; buttons: Record<string, string> },
  exact: boolean,
): DoctorFinding[] {
  const out: DoctorFinding[] = [];
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
  for (const [key, label] of Object.entries(want.labels)) {
    const hit = page.labels.map(norm).some((l) => (exact ? l === label : labelPattern(label).test(l)));
    out.push(
      hit
        ? ok('label', `labels.${key} = "${label}" on ${page.path}`, 'found')
        : mismatch(
            'label',
            `labels.${key} = "${label}" on ${page.path}`,
            `not found; the page's labels: ${page.labels.map((l) => `"${norm(l)}"`).join(', ') || 'none'}`,
            `set apps.${app}.contract.labels.${key}${exact ? ' (or contract.exactLabels = false)' : ''}`,
          ),
    );
  }
  for (const [kind, entries, list] of [
    ['heading', want.headings, page.headings],
    ['button', want.buttons, page.buttons],
  ] as const) {
    for (const [key, name] of Object.entries(entries)) {
      const hit = list.some((h) => norm(h).toLowerCase().includes(name.toLowerCase()));
      out.push(
        hit
          ? ok('label', `labels.${key} = "${name}" (${kind}) on ${page.path}`, 'found')
          : mismatch(
              'label',
              `labels.${key} = "${name}" (${kind}) on ${page.path}`,
              `not found; the page's ${kind}s: ${list.map((h) => `"${norm(h)}"`).join(', ') || 'none'}`,
              `set apps.${app}.contract.labels.${key}`,
            ),
      );
    }
  }
  return out;
}
