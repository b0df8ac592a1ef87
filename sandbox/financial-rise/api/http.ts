import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The error shape of a NestJS app (`{statusCode, error, message}`), which is what the deployed
 * API answers and what the gate's messages quote.
 */
const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

export const httpError = (statusCode: number, message: string): HttpError => new HttpError(statusCode, message);

export function errorBody(statusCode: number, message: string): { statusCode: number; error: string; message: string } {
  return { statusCode, error: REASONS[statusCode] ?? 'Error', message };
}

export function sendError(reply: FastifyReply, statusCode: number, message: string): FastifyReply {
  return reply.code(statusCode).send(errorBody(statusCode, message));
}

/** `METHOD /route/:pattern` of a request; unmatched paths share one key so scans cannot grow state. */
export function routeKey(request: FastifyRequest): string {
  const pattern = request.routeOptions.url ?? '(unmatched)';
  return `${request.method} ${pattern}`;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
