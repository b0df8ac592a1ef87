import { ACMClient } from '@aws-sdk/client-acm';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { RDSClient } from '@aws-sdk/client-rds';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AwsCallSite } from './errors.ts';

/** Where the AWS API lives: the environment's `aws` block. */
export interface AwsTarget {
  region: string;
  /** Endpoint override (moto, LocalStack, a VPC endpoint); absent for real AWS. */
  endpoint?: string;
}

/** Static credentials, when the given environment holds them. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Timeouts and retries shared by every client: nothing hangs, throttling backs off. */
export const AWS_CLIENT_DEFAULTS = {
  /** TCP connect timeout: a closed port or a black-holed endpoint fails fast. */
  connectionTimeoutMs: 3_000,
  /** Whole-request timeout (socket idle). */
  requestTimeoutMs: 10_000,
  /** 1 try + 2 retries with the SDK's standard (exponential, jittered) backoff. */
  maxAttempts: 3,
} as const;

/**
 * Credentials from the given environment when it holds a key pair; otherwise `undefined`,
 * which lets each client use the SDK's standard chain (env, shared files, SSO, IMDS...).
 * Taking `env` as a parameter lets tests and the CLI pass their own.
 */
export function credentialsFrom(env: NodeJS.ProcessEnv): AwsCredentials | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return undefined;
  return { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
}

function baseConfig(target: AwsTarget, env: NodeJS.ProcessEnv) {
  const credentials = credentialsFrom(env);
  return {
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
    maxAttempts: AWS_CLIENT_DEFAULTS.maxAttempts,
    retryMode: 'standard',
    requestHandler: {
      connectionTimeout: AWS_CLIENT_DEFAULTS.connectionTimeoutMs,
      requestTimeout: AWS_CLIENT_DEFAULTS.requestTimeoutMs,
    },
  };
}

/** One client per service, created on first use so a run that checks only logs opens one. */
export interface AwsClients {
  readonly target: AwsTarget;
  readonly env: NodeJS.ProcessEnv;
  readonly cloudwatch: CloudWatchClient;
  readonly logs: CloudWatchLogsClient;
  readonly rds: RDSClient;
  readonly ecs: ECSClient;
  readonly cloudfront: CloudFrontClient;
  readonly secrets: SecretsManagerClient;
  readonly acm: ACMClient;
  readonly elb: ElasticLoadBalancingV2Client;
  /** Call-site description for error messages. */
  site(service: string, what: string): AwsCallSite;
  destroy(): void;
}

export function createAwsClients(target: AwsTarget, env: NodeJS.ProcessEnv = process.env): AwsClients {
  const cache = new Map<string, { destroy(): void }>();
  const lazy = <C extends { destroy(): void }>(key: string, make: () => C): C => {
    let client = cache.get(key) as C | undefined;
    if (!client) {
      client = make();
      cache.set(key, client);
    }
    return client;
  };
  const cfg = () => baseConfig(target, env);
  return {
    target,
    env,
    get cloudwatch() {
      return lazy('cw', () => new CloudWatchClient(cfg()));
    },
    get logs() {
      return lazy('logs', () => new CloudWatchLogsClient(cfg()));
    },
    get rds() {
      return lazy('rds', () => new RDSClient(cfg()));
    },
    get ecs() {
      return lazy('ecs', () => new ECSClient(cfg()));
    },
    // CloudFront is a global service; its API lives in us-east-1 whatever the app's region.
    get cloudfront() {
      return lazy('cf', () => new CloudFrontClient({ ...cfg(), region: target.endpoint ? target.region : 'us-east-1' }));
    },
    get secrets() {
      return lazy('sm', () => new SecretsManagerClient(cfg()));
    },
    get acm() {
      return lazy('acm', () => new ACMClient(cfg()));
    },
    get elb() {
      return lazy('elb', () => new ElasticLoadBalancingV2Client(cfg()));
    },
    site: (service, what) => ({ service, what, region: target.region, ...(target.endpoint ? { endpoint: target.endpoint } : {}) }),
    destroy() {
      for (const client of cache.values()) client.destroy();
      cache.clear();
    },
  };
}
