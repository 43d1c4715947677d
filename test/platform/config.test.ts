import { resolvePlatform } from '../../constructs/platform/config';
import { environmentConfig } from '../helpers/environment';

describe('platform configuration', () => {
  describe('defaults', () => {
    const [env] = resolvePlatform({ environments: [environmentConfig()] });

    test('primary region defaults to the first region', () => {
      expect(env.primaryRegion).toBe('us-east-1');
    });

    test('Kubernetes zones default to the availability zones', () => {
      expect(env.region('us-west-2').kubernetes.zones).toEqual(['us-west-2a', 'us-west-2b', 'us-west-2c']);
    });

    test('prometheus release label and monitoring namespace have defaults', () => {
      expect(env.prometheusRelease).toBe('kube-prometheus-stack');
      expect(env.monitoringNamespace).toBe('monitoring');
    });

    test('region() names the known regions when asked for another', () => {
      expect(() => env.region('ap-south-1')).toThrow(/has no region 'ap-south-1'; it has us-east-1, us-west-2, eu-west-1/);
    });
  });

  describe('validation', () => {
    const base = environmentConfig();
    const withRegion = (i: number, patch: object) => environmentConfig({
      regions: base.regions.map((r, j) => (j === i ? { ...r, ...patch } : r)),
    });
    const cases: Array<[string, ReturnType<typeof environmentConfig>, RegExp]> = [
      ['unknown region', withRegion(1, { region: 'us-west-9', availabilityZones: ['us-west-9a'] }),
        /`environments\[0\]\.regions\[1\]\.region` must be one of us-east-1, .*got 'us-west-9'/],
      ['duplicate region', withRegion(1, base.regions[0]),
        /`environments\[0\]\.regions\[1\]\.region` must be unique in the environment, got duplicate 'us-east-1'/],
      ['zone outside its region', withRegion(0, { availabilityZones: ['us-east-1a', 'us-west-2b'] }),
        /`environments\[0\]\.regions\[0\]\.availabilityZones\[1\]` must be a zone of us-east-1 .*got 'us-west-2b'/],
      ['repeated zone', withRegion(0, { availabilityZones: ['us-east-1a', 'us-east-1a'] }),
        /`environments\[0\]\.regions\[0\]\.availabilityZones` must not repeat a zone/],
      ['no zones', withRegion(0, { availabilityZones: [] }), /`environments\[0\]\.regions\[0\]\.availabilityZones` must list at least one zone/],
      ['bad account', withRegion(2, { account: '1234' }), /`environments\[0\]\.regions\[2\]\.account` must be a 12-digit AWS account id, got '1234'/],
      ['bad pod CIDR', withRegion(2, { kubernetes: { ...base.regions[2].kubernetes, podCidr: 'ten/8' } }),
        /`environments\[0\]\.regions\[2\]\.kubernetes\.podCidr` must be an IPv4 CIDR/],
      ['bad VPC CIDR', withRegion(1, { kubernetes: { ...base.regions[1].kubernetes, vpcCidr: '10.101.0.0' } }),
        /`environments\[0\]\.regions\[1\]\.kubernetes\.vpcCidr` must be an IPv4 CIDR like 10\.101\.0\.0\/16 \(octets 0-255, prefix 0-32\), got '10\.101\.0\.0'/],
      ['Kubernetes zones not one per AZ', withRegion(0, { kubernetes: { ...base.regions[0].kubernetes, zones: ['z1'] } }),
        /`environments\[0\]\.regions\[0\]\.kubernetes\.zones` must name one Kubernetes zone per availability zone \(3\)/],
      ['empty context', withRegion(0, { kubernetes: { ...base.regions[0].kubernetes, context: '' } }),
        /`environments\[0\]\.regions\[0\]\.kubernetes\.context` must be a DNS-1123 subdomain: .*got ''/],
      ['a context that is no Kubernetes object name', withRegion(0, { kubernetes: { ...base.regions[0].kubernetes, context: 'arn:aws:eks:us-east-1:1:cluster/prod' } }),
        /`environments\[0\]\.regions\[0\]\.kubernetes\.context` must be a DNS-1123 subdomain/],
      ['two regions on one cluster', withRegion(1, { kubernetes: { ...base.regions[1].kubernetes, context: base.regions[0].kubernetes.context } }),
        /`environments\[0\]\.regions\[1\]\.kubernetes\.context` must name another cluster than environments\[0\]\.regions\[0\]/],
      ['empty storage class', withRegion(0, { kubernetes: { ...base.regions[0].kubernetes, storageClass: '' } }),
        /`environments\[0\]\.regions\[0\]\.kubernetes\.storageClass` must be a DNS-1123 subdomain: .*got ''/],
      ['a storage class with capitals', withRegion(0, { kubernetes: { ...base.regions[0].kubernetes, storageClass: 'GP3' } }),
        /`environments\[0\]\.regions\[0\]\.kubernetes\.storageClass` must be a DNS-1123 subdomain: .*got 'GP3'/],
      ['a CIDR with an octet above 255', withRegion(2, { kubernetes: { ...base.regions[2].kubernetes, podCidr: '10.256.0.0/16' } }),
        /`environments\[0\]\.regions\[2\]\.kubernetes\.podCidr` must be an IPv4 CIDR .*got '10\.256\.0\.0\/16'/],
      ['a CIDR prefix above 32', withRegion(2, { kubernetes: { ...base.regions[2].kubernetes, podCidr: '10.3.0.0/33' } }), /`environments\[0\]\.regions\[2\]\.kubernetes\.podCidr` must be an IPv4 CIDR/],
      ['a CIDR with host bits set', withRegion(2, { kubernetes: { ...base.regions[2].kubernetes, podCidr: '10.3.1.0/16' } }),
        /`environments\[0\]\.regions\[2\]\.kubernetes\.podCidr` must be a network address .*got '10\.3\.1\.0\/16'/],
      ['overlapping pod networks', withRegion(2, { kubernetes: { ...base.regions[2].kubernetes, podCidr: '10.0.0.0/8' } }),
        /`environments\[0\]\.regions\[2\]\.kubernetes\.podCidr` must not overlap another region's pod network \(10\.1\.0\.0\/16 of environments\[0\]\.regions\[0\]\), got '10\.0\.0\.0\/8'/],
      ['a Kubernetes zone that is no label value', withRegion(0, { kubernetes: { ...base.regions[0].kubernetes, zones: ['us east 1a', 'b', 'c'] } }),
        /`environments\[0\]\.regions\[0\]\.kubernetes\.zones\[0\]` must be a Kubernetes label value: .*got 'us east 1a'/],
      ['production as a string', environmentConfig({ production: 'yes' as unknown as boolean }),
        /`environments\[0\]\.production` must be boolean, got 'yes'/],
      ['a monitoring namespace over 63 characters', environmentConfig({ monitoringNamespace: 'm'.repeat(64) }),
        /`environments\[0\]\.monitoringNamespace` must NOT have more than 63 characters/],
      ['a prometheus release that is no label value', environmentConfig({ prometheusRelease: 'kube prometheus' }),
        /`environments\[0\]\.prometheusRelease` must be a Kubernetes label value/],
      ['an alarm email with a display name', environmentConfig({ alarmEmail: 'Ops <ops@example.com>' }),
        /`environments\[0\]\.alarmEmail` must be one email address/],
      ['an unknown field', environmentConfig({ primaryRgion: 'us-east-1' } as object),
        /`environments\[0\]\.primaryRgion` unknown field \(allowed: name, production, regions, primaryRegion, /],
      ['primary region not in the environment', environmentConfig({ primaryRegion: 'eu-west-2' }),
        /`environments\[0\]\.primaryRegion` must be one of the environment's regions \(us-east-1, us-west-2, eu-west-1\), got 'eu-west-2'/],
      ['bad environment name', environmentConfig({ name: 'Prod!' }), /`environments\[0\]\.name` must match .*got 'Prod!'/],
      ['no regions', environmentConfig({ regions: [] }), /`environments\[0\]\.regions` must list at least one region, got \[\]/],
    ];
    test.each(cases)('%s', (_name, env, message) => {
      expect(() => resolvePlatform({ environments: [env] })).toThrow(message);
    });

    test('duplicate environment names', () => {
      expect(() => resolvePlatform({ environments: [environmentConfig(), environmentConfig()] }))
        .toThrow(/`environments\[1\]\.name` must be unique, got duplicate 'test'/);
    });

    test('every problem is reported at once, under the configuration name', () => {
      const bad = environmentConfig({ name: 'X', primaryRegion: 'nowhere' });
      expect(() => resolvePlatform({ environments: [bad] }, 'config/platform.ts'))
        .toThrow(/^config\/platform\.ts: 2 problems:\n {2}- `environments\[0\]\.name`.*\n {2}- `environments\[0\]\.primaryRegion`/);
    });
  });
});
