import { CreateDBInstanceCommand } from '@aws-sdk/client-rds';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { ImportCertificateCommand, RequestCertificateCommand } from '@aws-sdk/client-acm';
import { execFileSync } from 'node:child_process';
import { CreateDistributionCommand } from '@aws-sdk/client-cloudfront';
import { CreateTargetGroupCommand, RegisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { defaultVpcId, motoQuery } from './moto-api.ts';
import type { SeedApp } from './seed-types.ts';

/** The seeded RDS instance class (seed-cloudwatch derives max_connections from it). */
export const SEEDED_DB_CLASS = 'db.t3.medium';

/** Ids moto assigns at random, returned so a caller may use exact ids instead of names. */
export interface SeededIds {
  targetGroupArns: string[];
  certificateArn?: string;
  distributionId?: string;
}

/** The secret a `secret-missing` fault leaves out: the JWT signing key. */
const isJwt = (name: string) => /jwt/i.test(name);

export async function seedInfra(s: SeedApp): Promise<SeededIds> {
  const { aws, names: n } = s;
  await aws.rds.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: n.dbInstance,
      DBInstanceClass: SEEDED_DB_CLASS,
      Engine: 'postgres',
      MultiAZ: n.multiAz,
      MasterUsername: 'postflight',
      MasterUserPassword: 'not-a-real-password-1',
      AllocatedStorage: 20,
    }),
  );
  for (const name of n.secrets) {
    if (isJwt(name) && s.fault('secret-missing')) continue;
    await aws.secrets.send(new CreateSecretCommand({ Name: name, SecretString: `seeded value of ${name}` }));
  }
  const ids: SeededIds = { targetGroupArns: [] };
  if (n.certificateArn && !n.certificateArn.startsWith('arn:')) {
    const expiring = s.fault('cert-expiring');
    const cert = expiring
      ? await aws.acm.send(new ImportCertificateCommand(selfSigned(n.certificateArn, s.value('cert-expiring') ?? 7)))
      : await aws.acm.send(new RequestCertificateCommand({ DomainName: n.certificateArn, ValidationMethod: 'DNS' }));
    if (cert.CertificateArn) ids.certificateArn = cert.CertificateArn;
  }
  if (n.distributionId) {
    const d = await aws.cloudfront.send(
      new CreateDistributionCommand({
        DistributionConfig: {
          CallerReference: `${s.app}-${s.now.getTime()}`,
          Comment: n.distributionId,
          Enabled: true,
          Origins: {
            Quantity: 1,
            Items: [
              {
                Id: 'alb',
                DomainName: `${s.app}-alb.${s.region}.elb.amazonaws.com`,
                CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' },
              },
            ],
          },
          DefaultCacheBehavior: {
            TargetOriginId: 'alb',
            ViewerProtocolPolicy: 'redirect-to-https',
            MinTTL: 0,
            ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } },
            TrustedSigners: { Enabled: false, Quantity: 0 },
          },
        },
      }),
    );
    if (d.Distribution?.Id) ids.distributionId = d.Distribution.Id;
  }
  if (n.targetGroupArns.length) {
    const vpc = await defaultVpcId(s.endpoint, s.region);
    for (const [i, ref] of n.targetGroupArns.entries()) {
      if (ref.startsWith('arn:')) continue;
      const tg = await aws.elb.send(
        new CreateTargetGroupCommand({ Name: ref, Protocol: 'HTTP', Port: 3000, VpcId: vpc, TargetType: 'ip', HealthCheckPath: '/health' }),
      );
      const arn = tg.TargetGroups?.[0]?.TargetGroupArn;
      if (!arn) continue;
      ids.targetGroupArns.push(arn);
      await aws.elb.send(
        new RegisterTargetsCommand({
          TargetGroupArn: arn,
          Targets: [
            { Id: `10.0.${i + 1}.10`, Port: 3000 },
            { Id: `10.0.${i + 1}.11`, Port: 3000 },
          ],
        }),
      );
    }
  }
  if (n.sesIdentity) await motoQuery(s.endpoint, s.region, 'ses', { Action: 'VerifyEmailIdentity', EmailAddress: n.sesIdentity });
  return ids;
}

/**
 * `<prefix>:cert-expiring[=<days>]`: a self-signed certificate for `domain`, valid from now for
 * `days` days (moto's ACM reads NotAfter from the certificate itself), as an ACM import takes it.
 */
function selfSigned(domain: string, days: number): { Certificate: Buffer; PrivateKey: Buffer } {
  const pem = execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', '-', '-out', '-', '-days', String(days), '-subj', `/CN=${domain}`],
    { timeout: 20_000, stdio: ['ignore', 'pipe', 'ignore'] },
  ).toString();
  const block = (label: RegExp) => Buffer.from(pem.match(label)?.[0] ?? '');
  const Certificate = block(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/);
  const PrivateKey = block(/-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n?/);
  if (!Certificate.length || !PrivateKey.length) throw new Error('openssl did not print a certificate and a key (is openssl installed?)');
  return { Certificate, PrivateKey };
}
