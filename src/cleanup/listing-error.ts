import { GateCredentialError } from '../core/gate-credentials.ts';
import type { ApiResponse } from '../http/client.ts';
import { describeResponse } from '../http/client.ts';

/**
 * A listing cleanup could not make. Cleanup that cannot see the records cannot say "nothing to
 * clean", so each failed listing becomes a problem (exit 1) that names what was not listed, the
 * request, what came back, and what to change (pure).
 */
export class ListingError extends Error {
  constructor(
    /** `GET /api/v1/admin/users` */
    readonly request: string,
    /** The profile's route key, for the config hint (`routes.adminUsers`). */
    readonly routeKey: string,
    readonly status: number,
    detail: string,
  ) {
    super(`${request} (routes.${routeKey}) answered ${detail}`);
    this.name = 'ListingError';
  }

  static fromResponse(request: string, routeKey: string, res: ApiResponse, where = ''): ListingError {
    return new ListingError(request, routeKey, res.status, `${describeResponse(res)}${where ? ` ${where}` : ''}`);
  }
}

/** What to do about a listing that failed, by what came back. */
export function listingHint(error: unknown, app: string): string {
  if (error instanceof ListingError) {
    if (error.status === 404)
      return `the route does not exist on this target: set apps.${app}.routes.${error.routeKey} in the environment to the path the API serves`;
    if (error.status === 401 || error.status === 403)
      return 'the account was refused: check that its credentials are current and that it has the role this listing needs';
    return 'the API answered but not with a listing: check the target and run cleanup again';
  }
  // The gate's own account refused: its error already carries the fix (unlock or rotate ...).
  if (error instanceof GateCredentialError) return 'then run cleanup again';
  const message = error instanceof Error ? error.message : String(error);
  if (/^login as /.test(message)) return 'check the account\'s credentials in the environment variables named in README "Secrets"';
  if (/429/.test(message)) return "wait for the rate-limit window to pass, or allowlist this machine's IP";
  return `check that the API at apps.${app}.apiUrl is reachable from this machine`;
}

/** One problem line: what could not be listed, why, and what to do. */
export function listingProblem(what: string, error: unknown, app: string): string {
  const why = error instanceof Error ? error.message : String(error);
  return `${what} could not be listed, so they may still be there: ${why} — ${listingHint(error, app)}`;
}
