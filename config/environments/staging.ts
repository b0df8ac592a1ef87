import { defineEnvironment } from '../../src/config/environment.ts';

/**
 * Staging: the nightly CI target. URLs are the runbooks' staging hosts; secrets come from
 * the variables named in README ("Secrets"). Load tests are allowed here (the gate's IP must
 * be on the apps' rate-limit allowlist, see README "Running against a real deployment").
 */
export default defineEnvironment({
  name: 'staging',
  kind: 'remote',
  apps: {
    'financial-rise': {
      apiUrl: 'https://staging-api.financialrise.com',
      webUrl: 'https://staging.financialrise.com',
      mail: { kind: 'mailpit', url: 'https://mail.staging.financialrise.com' },
      mailDomain: 'staging-smoke.financialrise.com',
      databaseUrlEnv: 'FR_DATABASE_URL',
      allowLoad: true,
      aws: {
        region: 'us-east-1',
        cluster: 'financial-rise-staging',
        backendService: 'backend-service',
        frontendService: 'frontend-service',
        backendTaskFamily: 'financial-rise-backend',
        frontendTaskFamily: 'financial-rise-frontend',
        dbInstance: 'financial-rise-staging-db',
        multiAz: false,
        logGroups: ['/ecs/financial-rise-backend', '/ecs/financial-rise-frontend'],
        alarmPrefix: 'financial-rise-',
        secrets: ['financial-rise/staging/database', 'financial-rise/staging/jwt'],
      },
    },
    flowcomply: {
      apiUrl: 'https://staging-api.flowcomply.com',
      webUrl: 'https://staging.flowcomply.com',
      databaseUrlEnv: 'FC_DATABASE_URL',
      allowLoad: true,
      aws: {
        region: 'ap-southeast-2',
        cluster: 'flowcomply-staging',
        backendService: 'backend-service',
        frontendService: 'frontend-service',
        backendTaskFamily: 'flowcomply-backend',
        frontendTaskFamily: 'flowcomply-frontend',
        dbInstance: 'flowcomply-staging',
        logGroups: ['/ecs/flowcomply-backend', '/ecs/flowcomply-frontend'],
        alarmPrefix: 'flowcomply-',
        secrets: ['flowcomply/staging/database', 'flowcomply/staging/jwt'],
      },
    },
  },
  aws: { region: 'us-east-1' },
  retries: 1,
  flakyBlocksGo: false,
});
