/**
 * Calls the seed needs that no installed SDK client makes (EC2 for the default VPC, SES to
 * verify an identity) and moto's own control API. moto does not check signatures, so a
 * form POST whose Authorization header names the service is enough. Emulator-only code.
 */
export async function motoQuery(endpoint: string, region: string, service: 'ec2' | 'ses', params: Record<string, string>): Promise<string> {
  const version = service === 'ec2' ? '2016-11-15' : '2010-12-01';
  const res = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20250101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: new URLSearchParams({ Version: version, ...params }).toString(),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`moto ${service} ${params.Action} failed: HTTP ${res.status} ${text.slice(0, 200)}`);
  return text;
}

/** The default VPC moto creates in every region (target groups need a VPC). */
export async function defaultVpcId(endpoint: string, region: string): Promise<string> {
  const xml = await motoQuery(endpoint, region, 'ec2', { Action: 'DescribeVpcs', 'Filter.1.Name': 'is-default', 'Filter.1.Value.1': 'true' });
  const id = /<vpcId>([^<]+)<\/vpcId>/.exec(xml)?.[1];
  if (!id) throw new Error('moto returned no default VPC');
  return id;
}

/**
 * moto advances an ECS task one lifecycle step (RUNNING -> DEACTIVATING -> ...) on every
 * DescribeTasks; a gate describes tasks repeatedly, so keep them RUNNING.
 */
export async function keepEcsTasksRunning(endpoint: string): Promise<void> {
  const res = await fetch(`${endpoint}/moto-api/state-manager/set-transition`, {
    method: 'POST',
    body: JSON.stringify({ model_name: 'ecs::task', transition: { progression: 'manual', times: 1_000_000_000 } }),
  });
  if (!res.ok) throw new Error(`moto state-manager set-transition failed: HTTP ${res.status}`);
}
