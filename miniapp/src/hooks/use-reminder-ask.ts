import type { MessageKind } from '@yiban/shared';
import { useState } from 'react';
import { useQuery } from './use-query';
import { askForSubscriptions, listSubscriptions } from '../services/messaging';
import { planAsks, reminderState, refused, worthAsking } from '../services/subscribe-flow';

export type AskState = 'idle' | 'asking' | 'on' | 'declined' | 'failed';

/**
 * The subscribe popup for a page's messages (booking: visit reminders, changes, waitlist offers; chat: 医生已回复). The grants are loaded when
 * the page opens, so `ask()` can open the popup synchronously: call it first thing in a tap, or in the payment
 * callback. `ask({ unprompted: true })` (after payment) leaves out kinds the patient refused before — no nagging.
 */
export function useReminderAsk(kinds: readonly MessageKind[]) {
  const grants = useQuery(listSubscriptions, []);
  const [state, setState] = useState<AskState>('idle');
  const plan = (unprompted: boolean) => (grants.data ? planAsks(grants.data, kinds, (g) => !worthAsking(g) || (unprompted && refused(g)))[0] : undefined);
  const allOn =
    !!grants.data &&
    kinds.every((k) => {
      const g = grants.data!.find((x) => x.messageKind === k);
      if (!g) return true;
      const s = reminderState(g).state;
      return s === 'remaining' || s === 'long_term' || s === 'unavailable';
    });

  /** Opens the popup now (inside the caller's tap or payment callback); false when there is nothing to ask. */
  const ask = (options: { unprompted?: boolean } = {}): boolean => {
    const next = plan(!!options.unprompted);
    if (!next) return false;
    const outcome = askForSubscriptions(next);
    setState('asking');
    void outcome.then((o) => {
      if (o.status === 'failed') setState('failed');
      else setState(Object.values(o.results).includes('accept') ? 'on' : 'declined');
      void grants.reload();
    });
    return true;
  };

  return { state, ask, canAsk: !!plan(false), allOn };
}
