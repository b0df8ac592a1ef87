import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { sha256 } from './context.ts';

/**
 * Login sessions: opaque random tokens handed to the client once and stored only as hashes,
 * so a database dump cannot be replayed and logout revokes for real.
 */
export const ACCESS_TOKEN_TTL_S = 3600;

export interface PublicUser {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  role: 'consultant' | 'admin';
}

export interface LoginBody {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
  user: PublicUser;
}

export async function issueSession(pool: pg.Pool, user: PublicUser): Promise<LoginBody> {
  const access = randomBytes(32).toString('base64url');
  const refresh = randomBytes(32).toString('base64url');
  await pool.query(
    `INSERT INTO user_sessions (user_id, access_hash, refresh_hash, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
    [user.id, sha256(access), sha256(refresh), ACCESS_TOKEN_TTL_S],
  );
  const { id, email, first_name, last_name, role } = user;
  return {
    access_token: access,
    refresh_token: refresh,
    token_type: 'Bearer',
    expires_in: ACCESS_TOKEN_TTL_S,
    user: { id, email, first_name, last_name, role },
  };
}

export async function revokeSession(pool: pg.Pool, sessionId: string): Promise<void> {
  await pool.query('UPDATE user_sessions SET revoked_at = now() WHERE id = $1', [sessionId]);
}
