/** Why a module cannot be registered; thrown at gateway start, before anything runs. */

/** A module that cannot be registered as written (bad name, method without a params schema). */
export class RegistrationError extends Error {}

/** A name (module, method, event, route, setting, alert source) registered twice. */
export class DuplicateRegistrationError extends RegistrationError {}
