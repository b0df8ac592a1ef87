import { generatePassword } from '../src/core/random-secret.ts';
import type { FinancialRiseAccounts, FlowComplyAccounts } from './kit/types.ts';

/** A password that satisfies both apps' rules; the gate's own, in src/core/random-secret.ts. */
export { generatePassword };

/** Fresh smoke accounts for one sandbox start: nothing secret is committed anywhere. */
export function generateAccounts(): { 'financial-rise': FinancialRiseAccounts; flowcomply: FlowComplyAccounts } {
  return {
    'financial-rise': {
      consultant: { email: 'smoke.consultant@postflight.test', password: generatePassword(), firstName: 'Smoke', lastName: 'Consultant' },
      admin: { email: 'admin@postflight.test', password: generatePassword() },
    },
    flowcomply: {
      smoke: { email: 'smoke@postflight.test', password: generatePassword(), firstName: 'Smoke' },
      admin: { email: 'sysadmin@postflight.test', password: generatePassword(), firstName: 'Sys' },
      throwaway: { email: 'throwaway@postflight.test', password: generatePassword() },
    },
  };
}
