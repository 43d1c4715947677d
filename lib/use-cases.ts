import { cdnUrl } from '../config/cdn-url';
import { eventSourced } from '../config/event-sourced';
import { playbackManifest } from '../config/playback-manifest';
import { viewingHistory } from '../config/viewing-history';
import { cdnUrlUseCase } from './cdn-url';
import { eventSourcedUseCase } from './event-sourced';
import { playbackManifestUseCase } from './playback-manifest';
import type { UseCase } from './use-case';
import { viewingHistoryUseCase } from './viewing-history';

/** Every use case `bin/` synthesizes, with its settings per environment. */
export const USE_CASES: readonly UseCase[] = [
  viewingHistoryUseCase({ prod: viewingHistory }),
  eventSourcedUseCase({ prod: eventSourced }),
  cdnUrlUseCase({ prod: cdnUrl }),
  playbackManifestUseCase({ prod: playbackManifest }),
];
