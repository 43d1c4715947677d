import { cdnUrl } from '../config/cdn-url';
import { delayedQueues } from '../config/delayed-queues';
import { digitalAssets } from '../config/digital-assets';
import { eventSourced } from '../config/event-sourced';
import { playbackManifest } from '../config/playback-manifest';
import { viewingHistory } from '../config/viewing-history';
import { cdnUrlUseCase } from './cdn-url';
import { delayedQueuesUseCase } from './delayed-queues';
import { digitalAssetsUseCase } from './digital-assets';
import { eventSourcedUseCase } from './event-sourced';
import { playbackManifestUseCase } from './playback-manifest';
import type { UseCase } from './use-case';
import { viewingHistoryUseCase } from './viewing-history';

/** Every use case `bin/` synthesizes, with its settings per environment. */
export const USE_CASES: readonly UseCase[] = [
  viewingHistoryUseCase({ prod: viewingHistory }),
  eventSourcedUseCase({ prod: eventSourced }),
  delayedQueuesUseCase({ prod: delayedQueues }),
  cdnUrlUseCase({ prod: cdnUrl }),
  playbackManifestUseCase({ prod: playbackManifest }),
  digitalAssetsUseCase({ prod: digitalAssets }),
];
