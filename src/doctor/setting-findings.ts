import type { AppTarget } from '../config/environment.ts';
import { missingSettings, settingGaps } from '../config/setting-needs.ts';
import type { AppId } from '../core/types.ts';
import { mismatch, ok, type DoctorFinding } from './finding.ts';

/**
 * `doctor --env`: every setting the environment lacks that some catalogue check needs
 * (config/check-needs.ts), one finding per setting naming the check ids it disables (not run)
 * or weakens (runs, but does not verify something). Checks the environment waived are left out.
 * Pure: no request is made.
 */
export function settingFindings(app: AppId, target: AppTarget, envName: string): DoctorFinding[] {
  const gaps = settingGaps(app, target, envName).filter((g) => target.waive?.[g.id] === undefined);
  const missing = missingSettings(gaps);
  if (!missing.length) return [ok('setting', `apps.${app}.*`, 'every setting the checks need is present')];
  return missing.map((m) =>
    mismatch(
      'setting',
      m.setting,
      ['missing', m.notRun.length ? `not run: ${m.notRun.join(', ')}` : '', m.partial.length ? `runs weakened: ${m.partial.join(', ')}` : '']
        .filter(Boolean)
        .join('; '),
      `set ${m.setting} in environment ${envName}, or waive ${[...m.notRun, ...m.partial].join(' / ')} with a reason (apps.${app}.waive)`,
    ),
  );
}
