/** One thing `doctor --env` compared between the profile and the deployment. */
export interface DoctorFinding {
  area: 'route' | 'field' | 'label' | 'health' | 'count' | 'mail' | 'database' | 'secret' | 'tool' | 'aws' | 'not probed' | 'budget' | 'setting';
  /** What was checked: `GET /api/v1/health`, `responses.token`, `labels.email`. */
  item: string;
  ok: boolean;
  /** What the deployment showed. */
  found: string;
  /** For a mismatch: the config key (or waiver) that fixes it. */
  fix?: string;
}

export const ok = (area: DoctorFinding['area'], item: string, found: string): DoctorFinding => ({ area, item, ok: true, found });
export const mismatch = (area: DoctorFinding['area'], item: string, found: string, fix: string): DoctorFinding => ({ area, item, ok: false, found, fix });
