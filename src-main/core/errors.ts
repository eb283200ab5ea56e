/** Core's user-facing failure: the class is shared with the operator client (src-shared), so one `instanceof` works everywhere. */
export { HearthError } from '../../src-shared/hearth-error.ts';
