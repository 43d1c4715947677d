import { DYNOMITE_PEER_PORT, DYNOMITE_PEER_TLS_PORT, type DynomiteNode, type DynomitePeerOptions, type DynomiteRing, tunnelsOf } from './ring';

/** Where the tunnel finds the peer certificate (a cert-manager Secret: tls.crt, tls.key, ca.crt). */
export interface StunnelOptions extends DynomitePeerOptions {
  readonly tlsDir: string;
}

/**
 * stunnel.conf of one node (stunnel 5.68, stunnel.8 man page): a server that takes peers' mutual
 * TLS on DYNOMITE_PEER_TLS_PORT and forwards to Dynomite, and one client per tunnelled peer.
 * `delay = yes` resolves the peer's name on every connection (stunnel-5.68 src/resolver.c:344-352,
 * addrlist_dup), so a peer that does not resolve yet costs a failed connection, not a crash, and
 * a moved pod is reached at its new address. Service options in the global section are defaults
 * of every service (stunnel.8, "GLOBAL OPTIONS"/"SERVICE-LEVEL OPTIONS").
 */
export function stunnelConf(ring: DynomiteRing, self: DynomiteNode, options: StunnelOptions): string {
  const tunnels = tunnelsOf(ring, self, options);
  const lines = [
    'foreground = yes',
    'syslog = no',
    'pid =',
    `cert = ${options.tlsDir}/tls.crt`,
    `key = ${options.tlsDir}/tls.key`,
    `CAfile = ${options.tlsDir}/ca.crt`,
    // Both directions present and verify a certificate of the ring's CA (mutual TLS).
    'verifyChain = yes',
    'sslVersionMin = TLSv1.2',
    '',
    '[peers]',
    `accept = 0.0.0.0:${DYNOMITE_PEER_TLS_PORT}`,
    `connect = 127.0.0.1:${DYNOMITE_PEER_PORT}`,
  ];
  for (const t of tunnels) {
    lines.push('', `[${t.name}]`, 'client = yes', `accept = ${t.accept}`, `connect = ${t.connect}`, 'delay = yes', `checkHost = ${t.checkHost}`);
  }
  return [...lines, ''].join('\n');
}

/**
 * The tunnel container's script (POSIX sh): runs stunnel and sends it SIGHUP, which makes it
 * re-read its configuration and certificates (stunnel-5.68 src/stunnel.c:820, reload_config),
 * when the certificate file changes. cert-manager renews the Secret before expiry and the
 * kubelet updates a Secret volume in place (not through subPath), so renewals reach stunnel
 * without a restart. Arguments: stunnel.conf, the certificate file. RELOAD_CHECK_SECONDS: how
 * often to look (default 30).
 */
export const TUNNEL_SCRIPT = `set -u
conf="$1"; cert="$2"
stunnel "$conf" &
pid=$!
trap 'kill -TERM "$pid"; wait "$pid"; exit 0' TERM INT
sum=$(cksum < "$cert")
while kill -0 "$pid" 2>/dev/null; do
  sleep "\${RELOAD_CHECK_SECONDS:-30}" &
  wait $!
  now=$(cksum < "$cert")
  if [ "$now" != "$sum" ]; then
    echo "tunnel: $cert changed, reloading stunnel"
    kill -HUP "$pid"
    sum=$now
  fi
done
wait "$pid"
`;
