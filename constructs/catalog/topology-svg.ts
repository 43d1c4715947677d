import { Problems, show } from '../platform/errors';
import type { OutputFile } from '../platform/output-file';
import { type ClusterShape, ReplicationMode } from './model';

/**
 * Topology pictures: per service an SVG of regions → zones → nodes with its replication links,
 * drawn from the template's `shape()` by a small hand-written renderer (no layout engine, no
 * dependency). Integer coordinates and a fixed order: the same shape always gives the same bytes.
 */

/** One environment's shape of the service. */
export interface TopologyPanel {
  readonly environment: string;
  readonly shape: ClusterShape;
  /**
   * The flavor the shape is drawn for (e.g. `Kubernetes`), shown in the panel's subtitle.
   *
   * @default - no flavor shown
   */
  readonly flavor?: string;
  /**
   * The capacity planner's sizes, one line under the subtitle.
   *
   * @default - no line
   */
  readonly plannerSizes?: string;
}

export interface TopologyPictureProps {
  /** The service (file name `<service>.svg`, title). */
  readonly service: string;
  /** The store, shown in the title. */
  readonly store: string;
  /** One panel per environment the service runs in, top to bottom. */
  readonly panels: readonly TopologyPanel[];
  /**
   * Nodes drawn per row inside a zone before wrapping.
   *
   * @default 6
   */
  readonly nodesPerRow?: number;
}

const MARGIN = 24;
const NODE_R = 7;
const CELL = 20;
const REGION_GAP = 48;
const ZONE_GAP = 10;
const ZONE_LABEL = 22;
const REGION_HEADER = 44;
const LEGEND_LINE = 18;
const COLORS = { region: '#eef3fb', regionLeader: '#dce9fb', zone: '#ffffff', node: '#3b6fb6', zoneLink: '#8a8a8a', link: '#c0504d' };

/** How each mode's cross-region links are drawn and explained. */
const MODES: Record<ReplicationMode, { dashed: boolean; legend: string }> = {
  [ReplicationMode.MULTI_DIRECTIONAL]: { dashed: false, legend: 'every region accepts writes and replicates to every other (arrows both ways)' },
  [ReplicationMode.LEADER_FOLLOWER]: { dashed: false, legend: 'the leader region writes; each follower replicates from it (arrow leader → follower)' },
  [ReplicationMode.CLIENT_DRIVEN]: { dashed: true, legend: 'clients write every region, best effort (dashed)' },
};

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Problems of the props, each naming the field, the value and what is allowed. */
export function topologyPictureProblems(props: TopologyPictureProps): string[] {
  const p = new Problems();
  const perRow = props.nodesPerRow ?? 6;
  p.check(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(props.service), () => `\`service\` must be a kebab-case name, got ${show(props.service)}`);
  p.check(Number.isInteger(perRow) && perRow >= 1 && perRow <= 20, () => `\`nodesPerRow\` must be an integer from 1 to 20, got ${show(perRow)}`);
  p.check(props.panels.length > 0, () => '`panels` must hold at least one environment, got []');
  props.panels.forEach((panel, i) => {
    const at = `panels[${i}]`;
    const { shape } = panel;
    const regions = shape.placements.map((pl) => pl.region);
    p.check(regions.length > 0, () => `\`${at}.shape.placements\` must hold at least one region, got []`);
    p.check(Object.values(ReplicationMode).includes(shape.replication),
      () => `\`${at}.shape.replication\` must be one of ${Object.values(ReplicationMode).join(', ')}, got ${show(shape.replication)}`);
    if (shape.replication === ReplicationMode.LEADER_FOLLOWER) {
      p.check(shape.leaderRegion !== undefined && regions.includes(shape.leaderRegion),
        () => `\`${at}.shape.leaderRegion\` must be one of the placements' regions ${show(regions)} for leader-follower replication, got ${show(shape.leaderRegion)}`);
    }
    shape.placements.forEach((pl, j) => {
      p.check(Number.isInteger(pl.nodesPerZone) && pl.nodesPerZone >= 0,
        () => `\`${at}.shape.placements[${j}].nodesPerZone\` must be an integer >= 0, got ${show(pl.nodesPerZone)}`);
      p.check(pl.zones.length > 0, () => `\`${at}.shape.placements[${j}].zones\` must name at least one zone, got []`);
    });
  });
  return [...p.items];
}

interface Box { x: number; y: number; w: number; h: number }

/** Height of the control points of a link between regions `d` apart. */
function arcRise(d: number): number {
  return 24 + 48 * (d - 1);
}

/** The SVG of `props`: per environment, regions side by side, zones stacked in each, nodes in rows. */
export function renderTopologySvg(props: TopologyPictureProps): string {
  const p = new Problems();
  p.merge(topologyPictureProblems(props));
  p.throwIfAny('renderTopologySvg');
  const perRow = props.nodesPerRow ?? 6;
  const zoneW = 2 * 10 + Math.max(perRow * CELL, 150);
  const body: string[] = [];
  let y = MARGIN;
  let width = 0;
  const title = `${props.service}: ${props.store}`;
  body.push(`<text x="${MARGIN}" y="${y + 16}" class="title">${esc(title)}</text>`);
  y += 32;

  for (const panel of props.panels) {
    const { shape } = panel;
    const mode = MODES[shape.replication];
    const regions = shape.placements.map((pl) => pl.region);
    const maxZones = Math.max(...shape.placements.map((pl) => pl.zones.length));
    const zonePad = 20 + 10 * Math.max(0, maxZones - 1);
    const regionW = zonePad + zoneW + 12;
    const leader = shape.replication === ReplicationMode.LEADER_FOLLOWER ? shape.leaderRegion : undefined;
    const subtitle = `environment ${panel.environment}${panel.flavor ? ` · ${panel.flavor} flavor` : ''} · ${shape.replication} replication${leader ? ` · leader ${leader}` : ''}`;
    body.push(`<g class="environment" data-environment="${esc(panel.environment)}"${panel.flavor ? ` data-flavor="${esc(panel.flavor)}"` : ''}>`);
    body.push(`<text x="${MARGIN}" y="${y + 14}" class="subtitle">${esc(subtitle)}</text>`);
    y += 24;
    if (panel.plannerSizes) {
      body.push(`<text x="${MARGIN}" y="${y + 10}" class="small planner">${esc(panel.plannerSizes)}</text>`);
      y += 18;
    }
    // Cross-region arcs above the regions: higher for regions further apart.
    const arcSpace = regions.length > 1 ? 16 + Math.ceil(0.75 * arcRise(regions.length - 1)) : 0;
    const top = y + arcSpace;
    const boxes: Box[] = [];
    let bottom = top;
    shape.placements.forEach((pl, i) => {
      const x = MARGIN + i * (regionW + REGION_GAP);
      const rows = Math.max(1, Math.ceil(pl.nodesPerZone / perRow));
      const zoneH = ZONE_LABEL + rows * CELL + 6;
      const h = REGION_HEADER + pl.zones.length * zoneH + (pl.zones.length - 1) * ZONE_GAP + 12;
      boxes.push({ x, y: top, w: regionW, h });
      bottom = Math.max(bottom, top + h);
      const isLeader = pl.region === leader;
      const nodes = pl.zones.length * pl.nodesPerZone;
      body.push(`<g class="region" data-region="${esc(pl.region)}">`);
      body.push(`<rect x="${x}" y="${top}" width="${regionW}" height="${h}" rx="10" fill="${isLeader ? COLORS.regionLeader : COLORS.region}" stroke="#4a6fa5" stroke-width="${isLeader ? 3 : 1}"/>`);
      body.push(`<text x="${x + 12}" y="${top + 18}" class="region-name">${esc(pl.region)}${isLeader ? ' (leader)' : ''}</text>`);
      body.push(`<text x="${x + 12}" y="${top + 34}" class="small">${pl.zones.length} zones × ${pl.nodesPerZone} nodes = ${nodes} nodes · RF ${pl.replicationFactor}</text>`);
      const zoneBoxes: Box[] = pl.zones.map((_, j) => ({ x: x + zonePad, y: top + REGION_HEADER + j * (zoneH + ZONE_GAP), w: zoneW, h: zoneH }));
      pl.zones.forEach((zone, j) => {
        const z = zoneBoxes[j];
        body.push(`<g class="zone" data-zone="${esc(zone)}" data-nodes="${pl.nodesPerZone}">`);
        body.push(`<rect x="${z.x}" y="${z.y}" width="${z.w}" height="${z.h}" rx="6" fill="${COLORS.zone}" stroke="#9db3d6"/>`);
        body.push(`<text x="${z.x + 8}" y="${z.y + 15}" class="small">${esc(zone)} · ${pl.nodesPerZone} node${pl.nodesPerZone === 1 ? '' : 's'}</text>`);
        for (let n = 0; n < pl.nodesPerZone; n++) {
          const cx = z.x + 10 + (n % perRow) * CELL + NODE_R;
          const cy = z.y + ZONE_LABEL + Math.floor(n / perRow) * CELL + NODE_R;
          body.push(`<circle class="node" cx="${cx}" cy="${cy}" r="${NODE_R}" fill="${COLORS.node}"/>`);
        }
        body.push('</g>');
      });
      // Replication between the zones of the region: an arc left of the zones for every pair.
      for (let a = 0; a < pl.zones.length; a++) {
        for (let b = a + 1; b < pl.zones.length; b++) {
          const za = zoneBoxes[a];
          const zb = zoneBoxes[b];
          const ya = za.y + Math.floor(za.h / 2);
          const yb = zb.y + Math.floor(zb.h / 2);
          const bulge = za.x - 12 - 12 * (b - a - 1);
          body.push(`<path class="link zone-link" data-from="${esc(pl.zones[a])}" data-to="${esc(pl.zones[b])}" d="M ${za.x} ${ya} C ${bulge} ${ya} ${bulge} ${yb} ${zb.x} ${yb}" fill="none" stroke="${COLORS.zoneLink}" stroke-width="1.5"/>`);
        }
      }
      body.push('</g>');
    });
    // Replication between regions.
    const links: Array<[number, number]> = [];
    if (leader !== undefined) {
      const l = regions.indexOf(leader);
      regions.forEach((_, i) => { if (i !== l) links.push([l, i]); });
    } else {
      for (let a = 0; a < regions.length; a++) for (let b = a + 1; b < regions.length; b++) links.push([a, b]);
    }
    for (const [a, b] of links) {
      // Further apart: attached further from the centre and rising higher, so arcs never overlap.
      const d = Math.abs(b - a);
      const xa = boxes[a].x + Math.floor(boxes[a].w / 2) + (b > a ? 1 : -1) * (8 + 20 * (d - 1));
      const xb = boxes[b].x + Math.floor(boxes[b].w / 2) + (a > b ? 1 : -1) * (8 + 20 * (d - 1));
      const peak = top - arcRise(d);
      const ends = leader !== undefined ? 'marker-end="url(#arrow)"' : 'marker-start="url(#arrow-start)" marker-end="url(#arrow)"';
      body.push(`<path class="link region-link" data-from="${esc(regions[a])}" data-to="${esc(regions[b])}" d="M ${xa} ${top} C ${xa} ${peak} ${xb} ${peak} ${xb} ${top}" fill="none" stroke="${COLORS.link}" stroke-width="2"${mode.dashed ? ' stroke-dasharray="6 4"' : ''} ${ends}/>`);
    }
    y = bottom + 16;
    const legend = [
      `between regions: ${mode.legend}`,
      'between zones (grey): each zone is a failure domain; replicas are spread across the zones of a region',
    ];
    for (const line of legend) {
      body.push(`<text x="${MARGIN}" y="${y + 12}" class="small">${esc(line)}</text>`);
      y += LEGEND_LINE;
    }
    body.push('</g>');
    y += 16;
    width = Math.max(width, MARGIN * 2 + regions.length * regionW + (regions.length - 1) * REGION_GAP, 760);
  }
  const height = y + MARGIN - 16;
  const placements = props.panels.flatMap((panel) => panel.shape.placements);
  const total = placements.reduce((n, pl) => n + pl.zones.length * pl.nodesPerZone, 0);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="title desc">`,
    `<title id="title">${esc(`Topology of ${props.service} (${props.store})`)}</title>`,
    `<desc id="desc">${esc(`${placements.length} region placements, ${total} nodes; regions → zones → nodes with replication links`)}</desc>`,
    '<defs>',
    `<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M 0 0 L 10 5 L 0 10 z" fill="${COLORS.link}"/></marker>`,
    `<marker id="arrow-start" viewBox="0 0 10 10" refX="1" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M 10 0 L 0 5 L 10 10 z" fill="${COLORS.link}"/></marker>`,
    '<style>text{font-family:Helvetica,Arial,sans-serif;fill:#1f2d3d}.title{font-size:18px;font-weight:bold}.subtitle{font-size:13px}.region-name{font-size:14px;font-weight:bold}.small{font-size:11px}</style>',
    '</defs>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** Each picture as `<service>.svg`, relative to the pictures' folder (`dist/topology/`). */
export function topologySvgs(pictures: readonly TopologyPictureProps[]): OutputFile[] {
  return pictures.map((picture) => ({ path: `${picture.service}.svg`, content: renderTopologySvg(picture) }));
}
