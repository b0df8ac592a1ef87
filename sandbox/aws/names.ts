import type { AppAws } from '../../src/config/environment.ts';
import type { AppId } from '../../src/core/types.ts';

/**
 * The AWS resources of the `local` environment, named as the runbooks name production's.
 * `seedAwsWorld` creates exactly these in moto. Identifiers that an emulator assigns at
 * random are given in the lenient forms the AWS modules resolve: target groups by name,
 * the certificate by domain, the CloudFront distribution by comment.
 */
export const LOCAL_AWS_NAMES: Record<AppId, AppAws> = {
  'financial-rise': {
    cluster: 'financial-rise-prod',
    backendService: 'backend-service',
    frontendService: 'frontend-service',
    backendTaskFamily: 'financial-rise-backend',
    frontendTaskFamily: 'financial-rise-frontend',
    dbInstance: 'financial-rise-db',
    multiAz: true,
    distributionId: 'financial-rise-frontend',
    logGroups: ['/ecs/financial-rise-backend', '/ecs/financial-rise-frontend'],
    alarmPrefix: 'financial-rise-',
    targetGroupArns: ['financial-rise-backend-tg', 'financial-rise-frontend-tg'],
    loadBalancer: 'app/financial-rise-alb/5d4b3a2c1e0f9a8b',
    secrets: ['financial-rise/production/database-url', 'financial-rise/production/jwt-secret', 'financial-rise/production/redis-url'],
    certificateArn: 'app.financialrise.com',
    cacheCluster: 'financial-rise-cache',
  },
  flowcomply: {
    cluster: 'flowcomply-production',
    backendService: 'backend-service',
    frontendService: 'frontend-service',
    backendTaskFamily: 'flowcomply-backend',
    frontendTaskFamily: 'flowcomply-frontend',
    dbInstance: 'flowcomply-production',
    multiAz: false,
    logGroups: ['/ecs/flowcomply-backend', '/ecs/flowcomply-frontend'],
    alarmPrefix: 'flowcomply-',
    targetGroupArns: ['flowcomply-backend-tg', 'flowcomply-frontend-tg'],
    loadBalancer: 'app/flowcomply-alb/7e6d5c4b3a2f1e0d',
    secrets: [
      'flowcomply/production/DATABASE_URL',
      'flowcomply/production/REDIS_URL',
      'flowcomply/production/JWT_SECRET',
      'flowcomply/production/ANTHROPIC_API_KEY',
    ],
    certificateArn: 'flowcomply.com',
    cacheCluster: 'flowcomply-redis',
    sesIdentity: 'noreply@flowcomply.com',
  },
};
