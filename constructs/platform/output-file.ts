/**
 * A file of synth's output beside the templates and manifests (a report, the inventory, a
 * picture, a Backstage entity), as a renderer in `constructs/` returns it. Constructs only build:
 * `bin/outputs.ts` writes these into the staged output folder.
 */
export interface OutputFile {
  /** Relative to the output folder it goes into, `/`-separated, e.g. `capacity/cdn-url.json`. */
  readonly path: string;
  readonly content: string;
}
