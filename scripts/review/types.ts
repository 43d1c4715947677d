/** One resource or object that differs between the base and the working tree. */
export interface Change {
  /** Logical id (CloudFormation) or `Kind namespace/name` (Kubernetes). */
  readonly resource: string;
  /** CloudFormation type or Kubernetes `apiVersion` kind. */
  readonly type: string;
  readonly action: 'added' | 'removed' | 'changed';
  /** What changed: property names (CloudFormation) or field paths (Kubernetes), with their impact. */
  readonly details: readonly string[];
  /** CloudFormation's verdict (`WILL_REPLACE`, `WILL_DESTROY`, ...); undefined for Kubernetes. */
  readonly impact?: string;
}

/** A change that can lose data. */
export interface Risk {
  /** `<stack>/<logicalId>` or `<chart>/<Kind>/<namespace>/<name>`: what an acknowledgement names. */
  readonly id: string;
  readonly type: string;
  readonly reason: string;
}

/** The review of one stack or chart. */
export interface UnitReview {
  readonly kind: 'stack' | 'chart';
  readonly name: string;
  readonly changes: readonly Change[];
  readonly risks: readonly Risk[];
  /** Template sections other than Resources that changed (Outputs, Parameters, ...). */
  readonly otherSections?: readonly string[];
}
