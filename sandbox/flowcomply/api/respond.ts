import type { FastifyReply } from 'fastify';

/** The app's error envelope: `{success:false,error}` with the status code. */
export function fail(reply: FastifyReply, status: number, error: string): FastifyReply {
  return reply.code(status).send({ success: false, error });
}

/** Names of the fields that are absent, empty or not strings (what a 400 lists). */
export function missingStrings(body: unknown, fields: readonly string[]): string[] {
  const record = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return fields.filter((f) => typeof record[f] !== 'string' || (record[f] as string).trim() === '');
}

/** The body as a record of strings-or-unknowns, for routes that validated it first. */
export function bodyOf(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
}

/** An integer query parameter clamped to [min, max], or the fallback. */
export function intParam(value: unknown, fallback: number, min: number, max: number): number {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : fallback;
  return Math.min(max, Math.max(min, n));
}
