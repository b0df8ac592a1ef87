/**
 * The contract between the sandbox supervisor and each reference app.
 * An app's `start(deps)` must converge its database to the healthy seed of the release and
 * then apply the database faults in `deps.faults` (so a restart without a fault heals it),
 * listen on 127.0.0.1 (ephemeral ports unless given), and return once it answers.
 */
export interface Account {
  email: string;
  password: string;
}

export interface FinancialRiseAccounts {
  /** Pre-provisioned smoke consultant (FR_SMOKE_EMAIL / FR_SMOKE_PASSWORD). */
  consultant: Account & { firstName: string; lastName: string };
  /** Seeded admin (FR_ADMIN_EMAIL / FR_ADMIN_PASSWORD). */
  admin: Account;
}

export interface FlowComplyAccounts {
  /** Pre-provisioned smoke user, role COMPLIANCE_MANAGER (FC_SMOKE_EMAIL / FC_SMOKE_PASSWORD). */
  smoke: Account & { firstName: string };
  /** SYSTEM_ADMIN for the monitoring routes (FC_ADMIN_EMAIL / FC_ADMIN_PASSWORD). */
  admin: Account & { firstName: string };
  /** Throwaway account used only by the negative-login check (FC_THROWAWAY_EMAIL / _PASSWORD). */
  throwaway: Account;
}

export interface AppDeps<Accounts> {
  /** A database of its own, already created and empty or left by a previous start. */
  databaseUrl: string;
  smtp: { host: string; port: number };
  /** Fault ids (`fr:...` / `fc:...`) active for this start; fixed until the next start. */
  faults: ReadonlySet<string>;
  release: string;
  accounts: Accounts;
  /** Set when a real Redis is available; without it the app must say so in its health. */
  redisUrl?: string;
  /** A directory the app may use as its document / report store. */
  dataDir: string;
  /** Ports to bind (0 = any free port). */
  ports?: { api?: number; web?: number };
  /** Application log (what would go to CloudWatch): one line per call. */
  log: (level: 'INFO' | 'WARN' | 'ERROR', message: string) => void;
}

export interface RunningApp {
  apiUrl: string;
  webUrl: string;
  close(): Promise<void>;
}

export type StartApp<Accounts> = (deps: AppDeps<Accounts>) => Promise<RunningApp>;
