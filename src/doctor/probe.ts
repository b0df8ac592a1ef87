import { chromium } from '@playwright/test';
import type { ResolvedApp } from '../config/load.ts';
import type { SuiteContext } from '../apps/suite-context.ts';
import { pick, route } from '../apps/suite-context.ts';
import { at, candidatePaths } from '../core/field-path.ts';
import { FinancialRiseApi } from '../apps/financial-rise/client.ts';
import { FlowComplyApi } from '../apps/flowcomply/client.ts';
import { openInbox } from '../mail/inbox.ts';
import { findChromium, CHROMIUM_FLAGS } from '../host/chromium.ts';
import { withReadOnly, describeUrl } from '../db/readonly.ts';
import { readColumns } from '../db/columns.ts';
import { expectedSchema } from '../checks/db/run.ts';
import { SECRET_DEFAULTS } from '../config/secrets.ts';
import { LOGIN_CHECK, PROBE_ROUTES, type Inspection } from './get-routes.ts';
import { checkDef, checksFor } from '../../config/checks.ts';
import { WAIVABLE } from '../../config/waivable.ts';
import type { AppId } from '../core/types.ts';
import { mismatch, ok, type DoctorFinding } from './finding.ts';
import { countFinding, fieldFinding, labelFindings, routeFinding, serviceFindings, type PageInventory } from './rules.ts';

type Api = FinancialRiseApi | FlowComplyApi;
const looksLikeToken = (k: string, v: unknown) => typeof v === 'string' && /token|jwt/i.test(k) && !/refresh|type/i.test(k);
const isText = (v: unknown) => typeof v === 'string' && v.length > 0;
const errText = (err: unknown) => (err as Error).message.split('\n')[0]!.slice(0, 200);

/** Each app's API client. */
const API_CLIENTS: Record<AppId, (ctx: SuiteContext) => Api> = {
  'financial-rise': (ctx) => new FinancialRiseApi(ctx),
  flowcomply: (ctx) => new FlowComplyApi(ctx),
};

/** What a probe route's answer is read for beyond its status (the route says which: get-routes.ts). */
const INSPECTIONS: Record<Inspection, (app: ResolvedApp, ctx: SuiteContext, check: string, body: unknown, waive: Record<string, string>) => DoctorFinding[]> = {
  readyServices: (app, ctx, check, body, waive) =>
    serviceFindings(
      app.app,
      (app.profile.expected as { readyServices: string[] }).readyServices.filter((s) => !waive[`${check}:${s}`]),
      pick(ctx, body, 'readyServices'),
      (app.profile as { words: Record<string, string> }).words.connected!,
      check,
    ),
  questionCount: (app, ctx, _check, body) => {
    const list = pick(ctx, body, 'questions');
    return [countFinding(app.app, 'questions', (app.profile.expected as { questions: number }).questions, Array.isArray(list) ? list.length : undefined)];
  },
  meField: (app, _ctx, _check, body) => [
    fieldFinding(
      app.app,
      'me',
      (app.profile.responses as Record<string, string>).me!,
      body,
      (_k, v) => typeof v === 'object' && v !== null && 'email' in v,
      (v) => typeof (v as { email?: unknown })?.email === 'string',
    ),
  ],
};

/**
 * The contract probe of one app: reads only (GET), plus one login per smoke account, and a
 * headless look at the login page. It never registers, creates, answers or deletes anything.
 */
export async function probeApp(app: ResolvedApp, envName: string, processEnv: NodeJS.ProcessEnv): Promise<DoctorFinding[]> {
  const ctx: SuiteContext = {
    app: app.app,
    envName,
    runId: `doctor-${Date.now()}`,
    runDir: '',
    target: app.target,
    profile: app.profile,
    secrets: app.secrets,
    ...(app.databaseUrl ? { databaseUrl: app.databaseUrl } : {}),
  };
  const out: DoctorFinding[] = [];
  const api = (): Api => API_CLIENTS[app.app](ctx);

  // Secrets: names only, never values.
  for (const [role, def] of Object.entries(SECRET_DEFAULTS[app.app])) {
    const name = app.target.secrets[role] ?? def.env;
    out.push(app.secrets[role] ? ok('secret', name, 'set') : mismatch('secret', name, 'not set', `export ${name}=... (${def.why})`));
  }

  // One login per account; the token path is checked on the answer.
  const accounts: Partial<Record<'smoke' | 'admin', Api>> = {};
  for (const account of ['smoke', 'admin'] as const) {
    const email = app.secrets[`${account}Email`];
    const password = app.secrets[`${account}Password`];
    if (!email || !password) continue;
    const client = api();
    try {
      const res = await client.login(email, password);
      const item = `POST ${route(ctx, 'login')} as the ${account} account (fields.login)`;
      if (res.status === 404) out.push(routeFinding(app.app, 'login', route(ctx, 'login'), 404, LOGIN_CHECK[app.app]));
      else if (res.status !== 200 && res.status !== 201)
        out.push(
          mismatch(
            'field',
            item,
            `answered ${res.status}: ${JSON.stringify(res.data)?.slice(0, 160)}`,
            `check the account, and apps.${app.app}.contract.fields.login.{email,password} if the deployment names the fields differently`,
          ),
        );
      else {
        out.push(ok('route', item, `answered ${res.status}`));
        if (account === 'smoke') {
          out.push(fieldFinding(app.app, 'token', (app.profile.responses as Record<string, string>).token!, res.data, looksLikeToken, isText));
          const userPath = (app.profile.responses as Record<string, string>).loginUser;
          if (userPath)
            out.push(
              fieldFinding(
                app.app,
                'loginUser',
                userPath,
                res.data,
                (k, v) => /user/i.test(k) && typeof v === 'object',
                (v) => typeof (v as { email?: unknown })?.email === 'string',
              ),
            );
        }
        // A renamed token field is one difference: adopt the likely token so the rest is still probed.
        if (!client.loggedIn) {
          const candidate = candidatePaths(res.data, looksLikeToken)
            .map((path) => at(res.data, path))
            .find(isText);
          if (typeof candidate === 'string') client.adoptToken(candidate);
        }
        if (client.loggedIn) accounts[account] = client;
      }
    } catch (err) {
      out.push(mismatch('route', `login as the ${account} account`, errText(err), 'fix connectivity or the rate limit, then run doctor again'));
    }
  }

  // Read-only routes, each with the account it needs.
  const waive = app.target.waive ?? {};
  for (const r of PROBE_ROUTES[app.app]) {
    const path = route(ctx, r.key);
    // A waived check's route is not the deployment's to serve: say so, do not call it.
    if (waive[r.check]) {
      out.push(ok('route', `GET ${path} (routes.${r.key})`, `not probed: ${r.check} is waived (${waive[r.check]})`));
      continue;
    }
    const client = r.account === 'none' ? api() : accounts[r.account];
    if (!client) {
      out.push(mismatch('route', `GET ${path} (routes.${r.key})`, `not probed: no ${r.account} login`, `set the ${r.account} account's secrets`));
      continue;
    }
    try {
      const res = await client.call('GET', r.key, { auth: r.account !== 'none' });
      out.push(routeFinding(app.app, r.key, path, res.status, r.check));
      if (res.status !== 200) continue;
      if (r.key === 'health')
        out.push(
          fieldFinding(
            app.app,
            'healthStatus',
            (app.profile.responses as Record<string, string>).healthStatus!,
            res.data,
            (k, v) => /status|state/i.test(k) && typeof v === 'string',
            (v) => app.profile.healthyStatuses.includes(v as string),
          ),
        );
      if (r.inspect) out.push(...INSPECTIONS[r.inspect](app, ctx, r.check, res.data, waive));
    } catch (err) {
      out.push(mismatch('route', `GET ${path} (routes.${r.key})`, errText(err), 'fix connectivity or the rate limit, then run doctor again'));
    }
  }
  const probed = new Set(['login', ...PROBE_ROUTES[app.app].map((r) => r.key)]);
  const rest = Object.keys(app.profile.routes).filter((k) => !probed.has(k));
  if (rest.length) out.push(ok('not probed', `routes ${rest.join(', ')}`, 'they write or need an id a run creates; verify exercises them'));

  out.push(...(await probeLoginPage(ctx, processEnv)));
  out.push(...(await probeMail(ctx)));
  out.push(...(await probeDatabase(ctx)));
  return out;
}

/** The login page's labels, headings and buttons, compared with the profile (Chromium, bounded). */
async function probeLoginPage(ctx: SuiteContext, env: NodeJS.ProcessEnv): Promise<DoctorFinding[]> {
  const path = ctx.profile.pages.login!;
  const executablePath = findChromium(env);
  if (!executablePath) return [mismatch('tool', 'chromium', 'not found', 'apt-get install -y chromium, or set CHROME_PATH')];
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS.filter((f) => !f.startsWith('--headless')), timeout: 20_000 });
  try {
    const page = await browser.newPage();
    const res = await page.goto(new URL(path, ctx.target.webUrl).toString(), { timeout: 15_000 });
    if (!res || res.status() >= 400)
      return [mismatch('route', `page ${path} (pages.login)`, `answered ${res?.status() ?? 'nothing'}`, `set apps.${ctx.app}.contract.pages.login`)];
    await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
    const labels = await page.evaluate(() => {
      const names: string[] = [];
      document.querySelectorAll('input, select, textarea').forEach((el) => {
        const input = el as HTMLInputElement;
        const byFor = input.id ? document.querySelector(`label[for="${CSS.escape(input.id)}"]`)?.textContent : undefined;
        const name = input.getAttribute('aria-label') ?? byFor ?? input.closest('label')?.textContent ?? undefined;
        if (name && input.type !== 'hidden') names.push(name.trim());
      });
      return names;
    });
    const inventory: PageInventory = {
      path,
      labels,
      headings: await page.getByRole('heading').allInnerTexts(),
      buttons: await page.getByRole('button').allInnerTexts(),
    };
    const l = ctx.profile.labels as Record<string, string>;
    return labelFindings(
      ctx.app,
      inventory,
      { labels: { email: l.email!, password: l.password! }, headings: { loginHeading: l.loginHeading! }, buttons: { signIn: l.signIn! } },
      ctx.profile.exactLabels,
    );
  } catch (err) {
    return [mismatch('label', `page ${path}`, `could not be inspected: ${errText(err)}`, 'check webUrl and pages.login')];
  } finally {
    await browser.close();
  }
}

/** Mail: the contract says whether the app sends any; if it does, the inbox must be readable. */
async function probeMail(ctx: SuiteContext): Promise<DoctorFinding[]> {
  const sends = (ctx.profile as { mail?: boolean }).mail;
  if (sends === undefined) return [];
  if (sends === false) return [ok('mail', 'contract.mail = false', 'the email steps are reported as not verified')];
  // The waivers offered are the catalogue's own: this app's checks whose mail part may be waived (config/waivable.ts).
  const mailWaivers = Object.entries(WAIVABLE)
    .filter(([id, names]) => checkDef(id).app === ctx.app && names(ctx.profile).includes('mail'))
    .map(([id]) => `"${id}:mail"`);
  const fix = `set apps.${ctx.app}.mail (maildev, mailpit or imap), or apps.${ctx.app}.contract.mail = false if the deployment sends none${mailWaivers.length ? `, or waive ${mailWaivers.join(' and ')}` : ''}`;
  if (!ctx.target.mail) return [mismatch('mail', 'mail catcher', 'no mail source configured', fix)];
  try {
    const inbox = await openInbox(ctx.target.mail);
    await inbox.listFor('postflight-doctor@probe.invalid');
    return [ok('mail', `mail catcher (${ctx.target.mail.kind})`, 'reachable')];
  } catch (err) {
    return [mismatch('mail', `mail catcher (${ctx.target.mail.kind})`, `not reachable: ${errText(err)}`, fix)];
  }
}

/** Database: tables and columns the release expects, read-only. */
async function probeDatabase(ctx: SuiteContext): Promise<DoctorFinding[]> {
  if (!ctx.databaseUrl)
    return [
      mismatch(
        'database',
        'read-only database URL',
        `not set${ctx.target.databaseUrlEnv ? ` (${ctx.target.databaseUrlEnv})` : ''}`,
        `set apps.${ctx.app}.databaseUrlEnv and export it, or waive ${checksFor(ctx.app, 'db')
          .map((c) => c.id)
          .join(', ')}`,
      ),
    ];
  try {
    const { schema, source } = expectedSchema(ctx);
    const live = await withReadOnly(ctx.databaseUrl, (c) => readColumns(c, Object.keys(schema)));
    const missing = Object.entries(schema).flatMap(([t, cols]) => (live[t] ? cols.filter((c) => !live[t]!.includes(c)).map((c) => `${t}.${c}`) : [t]));
    return [
      missing.length
        ? mismatch(
            'database',
            `schema expected by ${source}`,
            `missing: ${missing.join(', ')}`,
            `migrate the database, or correct apps.${ctx.app}.schemaFile / contract.expected.tables / columns`,
          )
        : ok(
            'database',
            `schema expected by ${source}`,
            `${Object.keys(schema).length} table(s) present with their columns on ${describeUrl(ctx.databaseUrl)}`,
          ),
    ];
  } catch (err) {
    return [mismatch('database', describeUrl(ctx.databaseUrl), errText(err), 'check the URL and the read-only user')];
  }
}
