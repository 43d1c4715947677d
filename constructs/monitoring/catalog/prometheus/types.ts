/**
 * Metric catalogs: for one exporter (or scrape source) at one version, the series it exposes as
 * Prometheus stores them, with the labels each series carries and where that was read. Alerts,
 * recording rules and dashboard panels may only select series and labels listed here
 * (test/monitoring/catalog.test.ts parses every expression with the PromQL grammar).
 */

/** The Prometheus type of the metric family a series belongs to. */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary';

export interface CatalogMetric {
  /** The exact series name as Prometheus stores it (`_bucket`, `_total`, `_sum` included). */
  readonly name: string;
  readonly type: MetricType;
  /** Labels the exporter (or relabelling) puts on the series, without the scrape's target labels. */
  readonly labels: readonly string[];
  /** Where the name and labels were read: a source path at the tag, a relabel rule, a doc page. */
  readonly provenance: string;
  /**
   * The series also appears in a scrape of the Debian-packaged exporter against the real server
   * (test/monitoring/exporter-scrape.test.ts checks it on every run).
   *
   * @default false
   */
  readonly scraped?: boolean;
}

export interface MetricCatalog {
  /** Short id used in PrometheusRule annotations and error messages, e.g. `redis_exporter@v1.62.0`. */
  readonly id: string;
  /** The image repository whose tag pins `version`, when an image in our manifests serves these series. */
  readonly image?: string;
  readonly version: string;
  /** Where the catalog as a whole was read, e.g. the repository and tag. */
  readonly source: string;
  /** Labels Prometheus adds when it scrapes this source (the ServiceMonitor's target labels). */
  readonly targetLabels: readonly string[];
  readonly metrics: readonly CatalogMetric[];
}

/**
 * Target labels of a series scraped through a prometheus-operator ServiceMonitor: prometheus-operator
 * `pkg/prometheus/promcfg.go` (generateServiceMonitorConfig: node/pod from the endpoint's target,
 * namespace, service, pod, container, job from the service name, endpoint from the port) plus
 * Prometheus's own `instance`.
 */
export const SERVICE_MONITOR_TARGET_LABELS: readonly string[] = ['namespace', 'service', 'pod', 'container', 'node', 'job', 'endpoint', 'instance'];
