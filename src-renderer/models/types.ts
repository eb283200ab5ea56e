/** The shapes of `hearth.models.*` the UI reads: the contract's, written once in src-shared. */
export type { EndpointHealth, EndpointView, ModelInfo, ModelsStatus } from '../../src-shared/protocol/contract/models.ts';
