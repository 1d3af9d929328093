// The firewall group's public surface: what `irctl release` (src/engine/release-containment.ts)
// uses to lift a block outside a run.
export { firewallBlock, liftRule, unreleasedBlocks } from './block.js';
