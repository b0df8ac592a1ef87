import { verifyCommand } from './verify-command.ts';
import type { CliIO } from './io.ts';

export const PREFLIGHT_HELP = `postflight preflight --app <financial-rise|flowcomply|all> --env <name|FILE> [verify flags]
  The runbooks' pre-deployment checklist as checks (phase "pre"): infrastructure on AWS
  (RDS, ECS, target groups, CloudFront), TLS certificate > 14 days by a real handshake, DNS,
  secrets, alarms configured with the runbook thresholds, log groups, release tag, and the
  staging gate's verdict. Same exit codes as verify.`;

/** `verify --only pre`, under the name the runbooks' T-7 / T-48 checklists go by. */
export async function preflightCommand(argv: string[], io: CliIO): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) return (io.out(PREFLIGHT_HELP), 0);
  if (argv.some((a) => a === '--only' || a.startsWith('--only='))) {
    io.err('postflight preflight: --only is not allowed here (preflight is the "pre" phase); use `postflight verify --only ...`');
    return 3;
  }
  return verifyCommand([...argv, '--only', 'pre'], io);
}
