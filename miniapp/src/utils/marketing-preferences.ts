import type { MarketingPreferencesView, MessageKind } from '@yiban/shared';

/** The preferences with one topic switched (a topic the server did not list is added). */
export function withTopic(view: MarketingPreferencesView, topic: MessageKind, enabled: boolean): MarketingPreferencesView {
  const known = view.topics.some((t) => t.topic === topic);
  return {
    ...view,
    topics: known ? view.topics.map((t) => (t.topic === topic ? { ...t, enabled } : t)) : [...view.topics, { topic, enabled }],
  };
}

/**
 * One switch flipped: `show` gets the change at once, then the server's answer; if the server refuses, what was shown
 * before comes back and the error is returned (the page says it).
 */
export async function switchTopic(
  view: MarketingPreferencesView,
  topic: MessageKind,
  enabled: boolean,
  save: (topics: MarketingPreferencesView['topics']) => Promise<MarketingPreferencesView>,
  show: (view: MarketingPreferencesView) => void,
): Promise<unknown> {
  const next = withTopic(view, topic, enabled);
  show(next);
  try {
    show(await save(next.topics));
    return null;
  } catch (error) {
    show(view);
    return error ?? new Error('refused');
  }
}
