import { Token } from 'aws-cdk-lib';
import { type Limit, limitProblems as checkedLimitProblems } from '../limits';

/**
 * `limitProblems` for a construct prop that may be a CDK token (`Token.asNumber(param.valueAsNumber)`,
 * a value from another stack): an unresolved token is known only at deploy time, so its range
 * check is skipped, as aws-cdk's L2s do (aws-cdk-lib 2.276 aws-opensearchservice `Domain`:
 * `Token.isUnresolved(dedicatedMasterCount)`, `Token.isUnresolved(warmCount)` before its count rules).
 */
export function limitProblems(field: string, value: number, l: Limit, why = ''): string[] {
  return Token.isUnresolved(value) ? [] : checkedLimitProblems(field, value, l, why);
}

/**
 * `limitProblems` for a prop the construct computes with (multiplies, formats into a window):
 * a token cannot be, so it is refused with a message that says so instead of the token's
 * placeholder number.
 */
export function synthTimeLimitProblems(field: string, value: number, l: Limit, why = ''): string[] {
  return Token.isUnresolved(value)
    ? [`\`${field}\` must be known at synth time (the construct computes with it), got an unresolved token`]
    : checkedLimitProblems(field, value, l, why);
}
