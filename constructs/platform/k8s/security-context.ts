/**
 * The fields the `restricted` Pod Security Standard checks
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted): a seccomp
 * profile, a non-root user, no privilege escalation, every capability dropped.
 */

/** The seccomp profile `restricted` requires, for a pod (or container) securityContext. */
export const RUNTIME_DEFAULT_SECCOMP = { seccompProfile: { type: 'RuntimeDefault' } } as const;

/** A container securityContext `restricted` admits, running as `uid`. */
export function restrictedContainerSecurityContext(uid: number): Record<string, unknown> {
  return {
    runAsNonRoot: true, runAsUser: uid, runAsGroup: uid,
    allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, ...RUNTIME_DEFAULT_SECCOMP,
  };
}
