import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterFailure, AFTER_SUCCESS, isLocked, LOCKED_MESSAGE } from '../lockout.ts';
import { verificationEmail } from '../mailer.ts';
import { passwordProblem, hashPassword, verifyPassword } from '../passwords.ts';
import { authed, type ApiContext } from './context.ts';
import { httpError } from './http.ts';
import { issueSession, revokeSession, type PublicUser } from './sessions.ts';
import { loginBody, parse, registerBody } from './validate.ts';

/** /auth: CSRF token, register + email verification, login with lockout, logout, me. */
export function authRoutes(app: FastifyInstance, ctx: ApiContext): void {
  // The security hook has already bound a token to this response; hand the same one out as JSON.
  app.get('/auth/csrf', async (_request, reply) => ({ csrfToken: reply.getHeader('x-csrf-token') }));

  app.post('/auth/register', async (request, reply) => {
    if (ctx.faults.on('registration-500')) throw new Error('relation "user_profiles" does not exist');
    // Drift: this deployment names the register fields firstName / lastName.
    const raw = request.body as Record<string, unknown> | undefined;
    const body = parse(registerBody, ctx.faults.on('drift-register-fields') ? { ...raw, first_name: raw?.firstName, last_name: raw?.lastName } : raw);
    const problem = passwordProblem(body.password);
    if (problem) throw httpError(400, problem);
    const token = randomBytes(32).toString('base64url');
    // Role is never taken from the request: public sign-up always makes a consultant
    // (`fr:register-grants-admin` is the mass-assignment defect that takes it).
    const asked = (request.body as { role?: unknown } | undefined)?.role;
    const role = ctx.faults.on('register-grants-admin') && asked === 'admin' ? 'admin' : 'consultant';
    const { rows } = await ctx.pool.query<PublicUser>(
      `INSERT INTO users (email, password_hash, first_name, last_name, role, email_verification_token)
       VALUES ($1, $2, $3, $4, $6, $5) ON CONFLICT (email) DO NOTHING
       RETURNING id, email, first_name, last_name, role`,
      [body.email, await hashPassword(body.password), body.first_name, body.last_name, token, role],
    );
    if (!rows[0]) throw httpError(409, 'An account with this email already exists');
    if (!ctx.faults.on('no-verification-email')) {
      const link = `${ctx.urls.web}/verify-email?token=${token}`;
      ctx.mailer.send(verificationEmail(body.email, body.first_name, link));
    }
    return reply.code(201).send(await issueSession(ctx.pool, rows[0]));
  });

  app.get('/auth/verify-email', async (request) => {
    const token = String((request.query as Record<string, unknown>).token ?? '');
    const { rows } = token
      ? await ctx.pool.query(
          `UPDATE users SET email_verified = true, email_verification_token = NULL, updated_at = now()
          WHERE email_verification_token = $1 RETURNING id`,
          [token],
        )
      : { rows: [] };
    if (!rows[0]) throw httpError(400, 'Invalid or expired verification token');
    return { message: 'Email verified successfully' };
  });

  app.post('/auth/login', async (request) => {
    if (ctx.faults.on('login-broken')) throw new Error("Cannot read properties of undefined (reading 'sign')");
    const body = parse(loginBody, request.body);
    const { rows } = await ctx.pool.query<PublicUser & { password_hash: string; failed_login_attempts: number; locked_until: Date | null }>(
      `SELECT id, email, first_name, last_name, role, password_hash, failed_login_attempts, locked_until
         FROM users WHERE email = $1`,
      [body.email],
    );
    const user = rows[0];
    if (!user) throw httpError(401, 'Invalid email or password');
    const state = { failedAttempts: user.failed_login_attempts, lockedUntil: user.locked_until };
    const now = new Date();
    if (isLocked(state, now)) throw httpError(401, LOCKED_MESSAGE);
    const ok = (await verifyPassword(body.password, user.password_hash)) || ctx.faults.on('login-accepts-wrong-password');
    const next = ok ? AFTER_SUCCESS : afterFailure(state, now);
    await ctx.pool.query(
      `UPDATE users SET failed_login_attempts = $2, locked_until = $3,
         last_login_at = CASE WHEN $4 THEN now() ELSE last_login_at END WHERE id = $1`,
      [user.id, next.failedAttempts, next.lockedUntil, ok],
    );
    if (!ok) throw httpError(401, 'Invalid email or password');
    return issueSession(ctx.pool, user);
  });

  app.post(
    '/auth/logout',
    authed(ctx, async (_request, _reply, user) => {
      await revokeSession(ctx.pool, user.sessionId);
      return { message: 'Logged out successfully' };
    }),
  );

  app.get(
    '/auth/me',
    authed(ctx, async (_request, _reply, user) => {
      const { sessionId: _, ...me } = user;
      return me;
    }),
  );
}
