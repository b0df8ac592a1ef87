import { APP_PROFILES } from '../../config/apps/index.ts';
import { waiverOf, type SuiteContext } from './suite-context.ts';

/**
 * Why a check's email steps are not verified on this deployment, or undefined when they are:
 * the contract says the app sends no mail (`contract.mail: false`), or the environment waived
 * `<check>:mail`. Either way the check is "not verified", never a pass.
 */
export function mailNotVerified(ctx: SuiteContext, checkId: string): { reason: string; by: string } | undefined {
  const sendsMail = (ctx.profile as { mail?: boolean }).mail;
  if (sendsMail === false) {
    const fromEnv = (APP_PROFILES[ctx.app] as { mail?: boolean }).mail !== false;
    return {
      reason: `the deployment sends no mail (apps.${ctx.app}.contract.mail = false): the email steps were not run`,
      by: fromEnv ? `environment "${ctx.envName}"` : `the ${ctx.app} profile`,
    };
  }
  const waived = waiverOf(ctx, checkId, 'mail');
  return waived ? { reason: waived, by: `environment "${ctx.envName}"` } : undefined;
}
