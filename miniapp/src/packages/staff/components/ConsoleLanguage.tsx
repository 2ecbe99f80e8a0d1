import { Text, View } from '@tarojs/components';
import { LOCALES } from '@yiban/shared';
import { useI18n } from '../../../hooks/use-i18n';
import { setLocale } from '../../../services/prefs';
import './console-language.css';

/**
 * The console's language, kept on this device with the app's other preferences (the patient app's setting is the
 * same one). Each language is named in itself, so whoever cannot read the current one still finds theirs.
 */
export function ConsoleLanguage(props: { tone?: 'light' | 'dark'; className?: string }) {
  const { t, locale } = useI18n();
  return (
    <View
      className={`yb-lang yb-lang--${props.tone ?? 'light'} ${props.className ?? ''}`}
      role="radiogroup"
      aria-label={t('console.languageLabel')}
      data-testid="console-language"
    >
      {LOCALES.map((l) => (
        <Text
          key={l}
          className={`yb-lang__option ${l === locale ? 'yb-lang__option--on' : ''}`}
          onClick={() => setLocale(l)}
          data-value={l}
          data-selected={l === locale ? 'yes' : 'no'}
          data-testid={`console-language-${l}`}
        >
          {t(`language.${l}`)}
        </Text>
      ))}
    </View>
  );
}
