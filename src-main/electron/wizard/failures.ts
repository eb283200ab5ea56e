/**
 * Every way the first-run wizard can fail, explained in words a non-engineer can act on:
 * what happened, and the next step. Kept apart from the state machine so the texts are easy
 * to review (and translate) in one place.
 */
import type { WizardFailure, WizardFailureReason } from '../../../src-shared/ipc/types.ts';

const TEXT: Record<WizardFailureReason, { title: string; message: string; nextStep: string }> = {
  unreachable: {
    title: 'Cannot reach the gateway',
    message: 'Nothing answered at that address. The home PC may be off, Hearth may not be running there, or this machine is on another network.',
    nextStep: 'Check that Hearth runs on the home PC in the Gateway role and that both machines are on the same network (or the tailnet), then press Retry.',
  },
  'wrong-code': {
    title: 'The setup code was not accepted',
    message: 'The gateway does not know this code, or another device already used it (each code works once).',
    nextStep: 'On the phone or the home PC choose "Pair a device" to get a new code, paste it here and try again.',
  },
  expired: {
    title: 'The setup code has expired',
    message: 'Setup codes are valid for 10 minutes.',
    nextStep: 'On the phone or the home PC choose "Pair a device" to get a fresh code, then paste it here.',
  },
  'invalid-code': {
    title: 'That is not a setup code',
    message: 'A setup code is a long line of letters and digits (or a link containing #setup=…).',
    nextStep: 'Copy the whole code from the phone or the home PC ("Pair a device") and paste it again.',
  },
  'invalid-url': {
    title: 'That address does not look right',
    message: 'Use the gateway address, for example ws://192.168.1.20:18789 or http://home-pc:18789.',
    nextStep: 'Type the address shown on the home PC under "Phone URL", or pick a gateway from the list.',
  },
  rejected: {
    title: 'Pairing was declined',
    message: 'Someone rejected this machine on the gateway.',
    nextStep: 'If that was a mistake, press Retry and approve the request on the phone or the home PC, comparing the fingerprint.',
  },
  'auth-required': {
    title: 'This gateway needs a setup code',
    message: 'The gateway is protected by a token, so this machine cannot ask to join on its own.',
    nextStep: 'On the phone or the home PC choose "Pair a device", then paste the setup code here.',
  },
  'port-in-use': {
    title: 'That port is already in use',
    message: 'Another program (or another Hearth gateway) listens on this port.',
    nextStep: 'Choose another port (for example 18790) and try again, or stop the other program.',
  },
  'gateway-running': {
    title: 'A gateway already runs on this machine',
    message: 'Hearth allows one gateway per machine, and another one (perhaps `hearth gateway` in a terminal) holds it.',
    nextStep: 'Stop the other gateway (Ctrl-C in its terminal; for a service, `hearth gateway uninstall`), then press Retry.',
  },
  unknown: {
    title: 'Something went wrong',
    message: 'The step did not complete.',
    nextStep: 'Press Retry. If it keeps failing, the details below and the log in the state directory say more.',
  },
};

/** Builds the failure shown for `reason`, with the raw detail attached. */
export function explainFailure(reason: WizardFailureReason, detail?: string): WizardFailure {
  const t = TEXT[reason];
  return detail ? { reason, ...t, detail } : { reason, ...t };
}
