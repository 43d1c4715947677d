/**
 * A small evaluator of the identity policies in a synthesized template, for tests: which IAM
 * roles pods assume (EKS Pod Identity), which statements apply to each, and whether a request
 * (action, resource ARN) is allowed. Intrinsics are rendered to text: pseudo parameters to the
 * stack's values, `Ref` of an SSM parameter to its ARN, other `Ref`/`GetAtt` to `${Id}` /
 * `${Id.Attr}` placeholders, which a test's request ARN spells the same way.
 *
 * IAM matching as AWS documents it: actions are case-insensitive, `*` and `?` wildcards in
 * actions and resources; an explicit Deny wins. Conditions are not evaluated: a statement with a
 * Condition counts as allowing (so a test of "nothing broader" errs on the strict side).
 */

type Json = any;

export interface Statement {
  readonly effect: 'Allow' | 'Deny';
  readonly actions: string[];
  readonly resources: string[];
  readonly conditional: boolean;
}

export interface PodRole {
  readonly logicalId: string;
  readonly trustActions: string[];
  readonly statements: Statement[];
  readonly managedPolicies: number;
}

export function render(template: Json, value: Json, env: { region: string; account: string }): string {
  if (typeof value === 'string') return value;
  if (value?.Ref !== undefined) {
    const pseudo: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::Region': env.region, 'AWS::AccountId': env.account, 'AWS::URLSuffix': 'amazonaws.com' };
    if (pseudo[value.Ref]) return pseudo[value.Ref];
    const target = template.Resources?.[value.Ref];
    // Ref of an SSM parameter is its name; StringParameter.parameterArn joins it after ':parameter'.
    if (target?.Type === 'AWS::SSM::Parameter') return render(template, target.Properties.Name, env);
    return `\${${value.Ref}}`;
  }
  if (value?.['Fn::GetAtt']) return `\${${value['Fn::GetAtt'].join('.')}}`;
  if (value?.['Fn::Join']) return value['Fn::Join'][1].map((v: Json) => render(template, v, env)).join(value['Fn::Join'][0]);
  return JSON.stringify(value);
}

const list = (v: Json): Json[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function statementsOf(template: Json, document: Json, env: { region: string; account: string }): Statement[] {
  return list(document?.Statement).map((s: Json) => ({
    effect: s.Effect,
    actions: list(s.Action),
    resources: list(s.Resource).map((r) => render(template, r, env)),
    conditional: s.Condition !== undefined,
  }));
}

/** Roles whose trust policy admits EKS Pod Identity, with every identity statement attached to them. */
export function podRoles(template: Json, env: { region: string; account: string }): PodRole[] {
  const resources: Record<string, Json> = template.Resources ?? {};
  return Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::IAM::Role' && list(r.Properties.AssumeRolePolicyDocument.Statement)
      .some((s: Json) => list(s.Principal?.Service).includes('pods.eks.amazonaws.com')))
    .map(([id, role]) => ({
      logicalId: id,
      trustActions: list(role.Properties.AssumeRolePolicyDocument.Statement)
        .filter((s: Json) => list(s.Principal?.Service).includes('pods.eks.amazonaws.com')).flatMap((s: Json) => list(s.Action)),
      managedPolicies: list(role.Properties.ManagedPolicyArns).length,
      statements: [
        ...list(role.Properties.Policies).flatMap((p: Json) => statementsOf(template, p.PolicyDocument, env)),
        ...Object.values(resources)
          .filter((r) => r.Type === 'AWS::IAM::Policy' && list(r.Properties.Roles).some((x: Json) => x?.Ref === id))
          .flatMap((r) => statementsOf(template, r.Properties.PolicyDocument, env)),
      ],
    }));
}

/** IAM wildcard match: `*` any run of characters, `?` one character. */
export function wildcard(pattern: string, value: string, ignoreCase = false): boolean {
  const re = new RegExp(`^${pattern.split(/([*?])/).map((part) => (part === '*' ? '.*' : part === '?' ? '.' : part.replace(/[.+^${}()|[\]\\/]/g, '\\$&'))).join('')}$`,
    ignoreCase ? 'i' : '');
  return re.test(value);
}

export function allows(statements: readonly Statement[], action: string, resource: string): boolean {
  const applies = (s: Statement) => s.actions.some((a) => wildcard(a, action, true)) && s.resources.some((r) => wildcard(r, resource));
  return !statements.some((s) => s.effect === 'Deny' && applies(s)) && statements.some((s) => s.effect === 'Allow' && applies(s));
}
