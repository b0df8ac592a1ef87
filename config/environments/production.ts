import { defineEnvironment } from '../../src/config/environment.ts';

/**
 * Production, as the runbooks name it. No load test (allowLoad false) unless a change ticket
 * says so; flaky checks block GO; emails are read from a real mailbox over IMAP.
 */
export default defineEnvironment({
  name: 'production',
  kind: 'remote',
  apps: {
    'financial-rise': {
      apiUrl: 'https://api.financialrise.com',
      webUrl: 'https://app.financialrise.com',
      mail: { kind: 'imap', host: 'imap.financialrise.com', port: 993, secure: true, userEnv: 'FR_IMAP_USER', passwordEnv: 'FR_IMAP_PASSWORD' },
      mailDomain: 'smoke.financialrise.com',
      staging: { envName: 'staging', apiUrl: 'https://staging-api.financialrise.com' },
      databaseUrlEnv: 'FR_DATABASE_URL',
      aws: {
        region: 'us-east-1',
        cluster: 'financial-rise-prod',
        backendService: 'backend-service',
        frontendService: 'frontend-service',
        backendTaskFamily: 'financial-rise-backend',
        frontendTaskFamily: 'financial-rise-frontend',
        dbInstance: 'financial-rise-db',
        multiAz: true,
        distributionId: 'E1234567890ABC',
        logGroups: ['/ecs/financial-rise-backend', '/ecs/financial-rise-frontend'],
        alarmPrefix: 'financial-rise-',
        secrets: ['financial-rise/production/database', 'financial-rise/production/jwt'],
      },
    },
    flowcomply: {
      apiUrl: 'https://api.flowcomply.com',
      webUrl: 'https://flowcomply.com',
      staging: { envName: 'staging', apiUrl: 'https://staging-api.flowcomply.com' },
      databaseUrlEnv: 'FC_DATABASE_URL',
      aws: {
        region: 'ap-southeast-2',
        cluster: 'flowcomply-production',
        backendService: 'backend-service',
        frontendService: 'frontend-service',
        backendTaskFamily: 'flowcomply-backend',
        frontendTaskFamily: 'flowcomply-frontend',
        dbInstance: 'flowcomply-production',
        logGroups: ['/ecs/flowcomply-backend', '/ecs/flowcomply-frontend'],
        alarmPrefix: 'flowcomply-',
        secrets: ['flowcomply/production/database', 'flowcomply/production/jwt', 'flowcomply/production/anthropic'],
        sesIdentity: 'noreply@flowcomply.com',
      },
    },
  },
  aws: { region: 'us-east-1' },
  retries: 0,
  flakyBlocksGo: true,
});
