import { teardown } from './default-synth';

export default teardown;
