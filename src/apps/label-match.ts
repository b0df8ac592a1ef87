/**
 * How a form label from the profile is matched as an accessible name. Deployments mark
 * required fields in the label ("Email *", "Email*", "Email (required)"); unless the profile
 * (or the environment's `contract.exactLabels`) says exact, that marker is tolerated — and
 * nothing else is: "Email" must not match "Email Address" or "Client Email".
 */
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const REQUIRED_MARKER = String.raw`(?:\s*\*|\s*\(required\))?`;

export function labelPattern(label: string): RegExp {
  return new RegExp(`^\\s*${escape(label.trim())}${REQUIRED_MARKER}\\s*$`);
}

/** Arguments for Playwright's `getByLabel(text, { exact })`. */
export function labelQuery(label: string, exact: boolean): [string | RegExp, { exact?: boolean }] {
  return exact ? [label, { exact: true }] : [labelPattern(label), {}];
}
