import { synthesizePlatform } from '../../bin/synth';
import { platform } from '../../config/platform';

/** `npm run synth` as a module the bench can load: the default platform into CDK_OUTDIR/CDK8S_OUTDIR. */
synthesizePlatform(platform);
