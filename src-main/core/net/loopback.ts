/** The loopback check lives in src-shared (the operator client's failure texts use it too). */
export { isLoopbackHost } from '../../../src-shared/net/loopback.ts';
