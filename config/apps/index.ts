import type { AppId } from '../../src/core/types.ts';
import { financialRise } from './financial-rise.ts';
import { flowcomply } from './flowcomply.ts';

export const APP_PROFILES = { 'financial-rise': financialRise, flowcomply } as const;
export type AppProfile = (typeof APP_PROFILES)[AppId];
export { financialRise, flowcomply };
