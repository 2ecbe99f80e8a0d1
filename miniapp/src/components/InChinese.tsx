import { Text } from '@tarojs/components';
import { useI18n } from '../hooks/use-i18n';

/**
 * The mark beside a catalogue text the hospital has not entered in the reader's language: the server sent the
 * Chinese (named in the view's `fallback`), and the page says so rather than pass it off as a translation.
 */
export function InChinese(props: { show: boolean }) {
  const { t } = useI18n();
  if (!props.show) return null;
  return (
    <Text className="yb-badge yb-badge--muted" style={{ marginLeft: '6px' }} data-testid="in-chinese" aria-label={t('catalog.inChineseHint')}>
      {t('catalog.inChinese')}
    </Text>
  );
}

/** A text rendered by the fallback rule, followed by the mark when it is the Chinese. */
export function CatalogText(props: { text: string; fallback: boolean; className?: string }) {
  return (
    <>
      <Text className={props.className}>{props.text}</Text>
      <InChinese show={props.fallback} />
    </>
  );
}
