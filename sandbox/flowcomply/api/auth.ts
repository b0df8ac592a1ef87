import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { FC } from '../faults.ts';
import { decoyHash, hashPassword, verifyPassword } from '../password.ts';
import { ACCESS_EXPIRES_IN, signToken } from '../tokens.ts';
import type { ApiContext } from './context.ts';
import { ROLES, userOf, type Guards } from './guard.ts';
import { bodyOf, fail, missingStrings } from './respond.ts';

/** Login, registration and the current user (`/api/v1/auth/*`). */
interface UserRow {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: string;
  organizationId: string;
  isActive: boolean;
  passwordHash: string;
}

const USER_COLUMNS = `"id", "email", "firstName", "lastName", "role", "organizationId", "isActive", "passwordHash"`;
const MIN_PASSWORD = 8;

export function publicUser(u: UserRow) {
  return { id: u.id, email: u.email, firstName: u.firstName, lastName: u.lastName, role: u.role, organizationId: u.organizationId };
}

function session(ctx: ApiContext, u: UserRow) {
  const subject = { sub: u.id, email: u.email, role: u.role, organizationId: u.organizationId };
  const accessToken = signToken(subject, 'access', ctx.tokenSecret);
  // `token` repeats `accessToken`: older clients of the deployed app read that name.
  const refreshToken = signToken(subject, 'refresh', ctx.tokenSecret);
  // Drift: a deployment that names its token `jwt` (and has no older `token` alias).
  if (ctx.faults.has(FC.driftTokenRenamed)) return { user: publicUser(u), jwt: accessToken, refreshToken, expiresIn: ACCESS_EXPIRES_IN };
  return { user: publicUser(u), accessToken, token: accessToken, refreshToken, expiresIn: ACCESS_EXPIRES_IN };
}

export function authRoutes(app: FastifyInstance, ctx: ApiContext, guard: Guards): void {
  const { requireAuth } = guard;

  app.post('/api/v1/auth/login', async (request, reply) => {
    const missing = missingStrings(request.body, ['email', 'password']);
    if (missing.length) return fail(reply, 400, `Missing required field(s): ${missing.join(', ')}`);
    const { email, password } = bodyOf(request.body) as { email: string; password: string };
    const { rows } = await ctx.db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM "User" WHERE "email" = $1`, [email.trim().toLowerCase()]);
    const user = rows[0];
    // Hash even for an unknown email, so response time does not reveal which emails exist.
    const matches = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
    // fc:login-refuses-all: a broken password check (e.g. a hashing library changed) refuses valid passwords too.
    const accepted = user && !ctx.faults.has(FC.loginRefusesAll) && (matches || ctx.faults.has(FC.loginAcceptsWrongPassword));
    if (!user || !accepted) return fail(reply, 401, 'Invalid credentials');
    if (!user.isActive) return fail(reply, 403, 'Account is disabled');
    await ctx.db.query('UPDATE "User" SET "lastLoginAt" = now() WHERE "id" = $1', [user.id]);
    return { success: true, data: session(ctx, user) };
  });

  app.post('/api/v1/auth/register', async (request, reply) => {
    const missing = missingStrings(request.body, ['email', 'password', 'firstName', 'lastName', 'organizationName']);
    if (missing.length) return fail(reply, 400, `Missing required field(s): ${missing.join(', ')}`);
    const body = bodyOf(request.body) as Record<string, string>;
    const email = body.email.trim().toLowerCase();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return fail(reply, 400, 'Email address is not valid');
    if (body.password.length < MIN_PASSWORD) return fail(reply, 400, `Password must be at least ${MIN_PASSWORD} characters`);
    const taken = await ctx.db.query('SELECT 1 FROM "User" WHERE "email" = $1', [email]);
    if (taken.rowCount) return fail(reply, 409, 'Email already registered');
    const passwordHash = await hashPassword(body.password);
    // The role is never taken from the body (`fc:register-grants-role` is the defect that does).
    const role = ctx.faults.has(FC.registerGrantsRole) && (ROLES as readonly string[]).includes(String(body.role)) ? body.role : 'ORG_ADMIN';
    const client = await ctx.db.connect();
    try {
      await client.query('BEGIN');
      const org = await client.query<{ id: string; name: string; type: string; region: string | null }>(
        `INSERT INTO "Organization" ("id", "name", "type", "region") VALUES ($1, $2, 'OTHER', $3) RETURNING "id", "name", "type", "region"`,
        [randomUUID(), body.organizationName.trim(), typeof body.region === 'string' ? body.region : null],
      );
      const created = await client.query<UserRow>(
        `INSERT INTO "User" ("id", "email", "passwordHash", "firstName", "lastName", "role", "organizationId")
         VALUES ($1, $2, $3, $4, $5, $7, $6) RETURNING ${USER_COLUMNS}`,
        [randomUUID(), email, passwordHash, body.firstName.trim(), body.lastName.trim(), org.rows[0].id, role],
      );
      await client.query('COMMIT');
      return reply.code(201).send({ success: true, data: { ...session(ctx, created.rows[0]), organization: org.rows[0] } });
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      // Two registrations racing for one email: the unique index decides, and says 409.
      if ((err as { code?: string }).code === '23505') return fail(reply, 409, 'Email already registered');
      throw err;
    } finally {
      client.release();
    }
  });

  app.get('/api/v1/auth/me', { preHandler: requireAuth }, async (request, reply) => {
    if (ctx.faults.has(FC.me500)) throw new Error("Cannot read properties of undefined (reading 'organization')");
    const { rows } = await ctx.db.query<UserRow & { orgName: string; orgType: string; orgRegion: string | null }>(
      `SELECT u."id", u."email", u."firstName", u."lastName", u."role", u."organizationId", u."isActive", u."passwordHash",
              o."name" AS "orgName", o."type" AS "orgType", o."region" AS "orgRegion"
       FROM "User" u JOIN "Organization" o ON o."id" = u."organizationId" WHERE u."id" = $1`,
      [userOf(request).sub],
    );
    const u = rows[0];
    if (!u) return fail(reply, 401, 'User no longer exists');
    const organization = { id: u.organizationId, name: u.orgName, type: u.orgType, region: u.orgRegion };
    const leak = ctx.faults.has(FC.meLeaksHash) ? { passwordHash: u.passwordHash } : {};
    return { success: true, data: { ...publicUser(u), isActive: u.isActive, organization, ...leak } };
  });
}
