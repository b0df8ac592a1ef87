import type { AppId } from '../core/types.ts';

/**
 * The secrets each app's checks need, by role, with the environment variable that holds
 * each by default. An environment may rename the variables (`apps.<app>.secrets`).
 */
export const SECRET_DEFAULTS: Record<AppId, Record<string, { env: string; why: string }>> = {
  'financial-rise': {
    smokeEmail: { env: 'FR_SMOKE_EMAIL', why: 'pre-provisioned smoke consultant (Smoke 4-6)' },
    smokePassword: { env: 'FR_SMOKE_PASSWORD', why: 'password of the smoke consultant' },
    adminEmail: { env: 'FR_ADMIN_EMAIL', why: 'admin account (Smoke 7)' },
    adminPassword: { env: 'FR_ADMIN_PASSWORD', why: 'password of the admin account' },
  },
  flowcomply: {
    smokeEmail: { env: 'FC_SMOKE_EMAIL', why: 'pre-provisioned smoke user (5.2)' },
    smokePassword: { env: 'FC_SMOKE_PASSWORD', why: 'password of the smoke user' },
    adminEmail: { env: 'FC_ADMIN_EMAIL', why: 'SYSTEM_ADMIN for monitoring routes (5.3, 5.4)' },
    adminPassword: { env: 'FC_ADMIN_PASSWORD', why: 'password of the SYSTEM_ADMIN' },
    throwawayEmail: { env: 'FC_THROWAWAY_EMAIL', why: 'throwaway account for the wrong-password check' },
    throwawayPassword: { env: 'FC_THROWAWAY_PASSWORD', why: 'password of the throwaway account' },
  },
};

export type SecretRole = string;
