/**
 * Grammars of the names and values we hand to other systems, each from that system's source.
 * The catalog schemas and `config/platform.ts` validation both read these, so a value is refused
 * at load with its file and field instead of by the API server at deploy time.
 */

/**
 * Kubernetes DNS-1123 label (namespaces, Service and most object names): at most 63 characters.
 * @see k8s.io/apimachinery/pkg/util/validation/validation.go `dns1123LabelFmt`, `DNS1123LabelMaxLength`
 */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_LABEL_MAX_LENGTH = 63;

/**
 * Kubernetes DNS-1123 subdomain (StorageClass, ConfigMap, Secret names): labels joined by `.`, at most 253 characters.
 * @see k8s.io/apimachinery/pkg/util/validation/validation.go `dns1123SubdomainFmt`, `DNS1123SubdomainMaxLength`
 */
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;

/**
 * Kubernetes label value: empty, or alphanumerics with `-`, `_`, `.` inside, at most 63 characters.
 * @see k8s.io/apimachinery/pkg/util/validation/validation.go `labelValueFmt`, `LabelValueMaxLength`
 */
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
export const LABEL_VALUE_MAX_LENGTH = 63;

/**
 * A container image reference with a pinned tag or digest: `[registry[:port]/]path[:tag][@digest]`,
 * as distribution/reference `ReferenceRegexp` reads it (domain, lowercase path components separated by
 * `.`, `_`, `__` or dashes, tag `[\w][\w.-]{0,127}`, digest `algorithm:hex{32,}`). We also require a tag
 * or a digest (an untagged image is `latest`, which moves) and refuse `:latest`. No shell characters fit.
 * @see github.com/distribution/reference regexp.go
 */
const DOMAIN = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?';
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const TAG = '(?!latest(?:@|$))[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
export const IMAGE_REFERENCE_PATTERN = `^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*(?::${TAG}(?:@${DIGEST})?|@${DIGEST})$`;
export const IMAGE_REFERENCE = new RegExp(IMAGE_REFERENCE_PATTERN);

/** What each grammar allows, for messages. */
export const ALLOWED = {
  label: `a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most ${DNS1123_LABEL_MAX_LENGTH} characters`,
  subdomain: `a DNS-1123 subdomain: DNS-1123 labels joined by '.', at most ${DNS1123_SUBDOMAIN_MAX_LENGTH} characters`,
  labelValue: `a Kubernetes label value: letters, digits, '-', '_' and '.', starting and ending with a letter or digit, at most ${LABEL_VALUE_MAX_LENGTH} characters`,
  image: 'an image reference [registry/]path:tag or path@sha256:<digest> (a pinned tag other than latest, or a digest)',
  bucket: 'an S3 bucket name: 3-63 lowercase letters, digits, \'.\' and \'-\', starting and ending with a letter or digit, no \'..\', not an IP address, no reserved prefix or suffix',
  region: 'an AWS region name like us-east-1',
} as const;

export const isDns1123Label = (v: string): boolean => v.length <= DNS1123_LABEL_MAX_LENGTH && DNS1123_LABEL.test(v);
export const isDns1123Subdomain = (v: string): boolean => v.length <= DNS1123_SUBDOMAIN_MAX_LENGTH && DNS1123_SUBDOMAIN.test(v);
export const isLabelValue = (v: string): boolean => v.length <= LABEL_VALUE_MAX_LENGTH && LABEL_VALUE.test(v);

/** An IPv4 CIDR block: its network address and prefix length, or undefined when `value` is not one. */
export interface Ipv4Block {
  readonly first: number;
  readonly last: number;
  readonly prefix: number;
  /** The host bits of the address given are zero (10.1.0.0/16, not 10.1.2.3/16). */
  readonly aligned: boolean;
}

export function parseIpv4Cidr(value: string): Ipv4Block | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = octets.reduce((a, o) => a * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  const first = Math.floor(address / size) * size;
  return { first, last: first + size - 1, prefix, aligned: first === address };
}

export const overlaps = (a: Ipv4Block, b: Ipv4Block): boolean => a.first <= b.last && b.first <= a.last;

/**
 * `${...}` in a string is a CDK token or a CloudFormation `Fn::Sub` variable: a value holding one would
 * be read as a reference, not as text.
 */
export const SUBSTITUTION = /\$\{/;

/**
 * S3 general purpose bucket name: 3-63 lowercase letters, digits, `.` and `-`, starting and ending with
 * a letter or digit, no `..`, not an IP address, none of the reserved prefixes (`xn--`, `sthree-`,
 * `amzn-s3-demo-`) or suffixes (`-s3alias`, `--ol-s3`, `.mrap`, `--x-s3`).
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
export const S3_BUCKET_NAME_PATTERN =
  '^(?!xn--|sthree-|amzn-s3-demo-)(?!.*\\.\\.)(?!\\d{1,3}(\\.\\d{1,3}){3}$)(?!.*(-s3alias|--ol-s3|\\.mrap|--x-s3)$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$';

/** AWS region name shape (`us-east-1`); config/platform.ts lists the regions we run in. */
export const AWS_REGION_PATTERN = '^[a-z]{2}(-[a-z]+)+-\\d$';
