export * from './model.ts';
export { quarantineTest, releaseTest, expireQuarantine, applyDetection, applyDetections, type QuarantineInput } from './transitions.ts';
