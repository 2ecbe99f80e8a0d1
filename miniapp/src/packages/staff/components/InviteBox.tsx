import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Button } from '../../../components/nut';
import { InlineError } from '../../../components/states';
import { useI18n } from '../../../hooks/use-i18n';
import { useQuery } from '../../../hooks/use-query';
import { toApiError } from '../../../services/errors';
import { inviteToSurvey } from '../../../services/followups';
import { listSurveyTemplates } from '../../../services/surveys';

/** Sends one patient a published questionnaire by hand (told in 消息 and, against a grant, as a subscribe message). */
export function InviteBox(props: { patientId: string }) {
  const { t, locale } = useI18n();
  const templates = useQuery(listSurveyTemplates, [locale]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = async () => {
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      await inviteToSurvey(props.patientId, chosen);
      void Taro.showToast({ title: t('care.invited'), icon: 'none' });
      setChosen(null);
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setBusy(false);
    }
  };
  const published = (templates.data ?? []).filter((tpl) => tpl.publishedVersion > 0);
  return (
    <View className="yb-field" data-testid="invite-box">
      <Text className="yb-field__label">{t('care.invite')}</Text>
      <View className="yb-choices">
        {published.map((tpl) => (
          <Text
            key={tpl.id}
            className={`yb-choice ${chosen === tpl.id ? 'yb-choice--on' : ''}`}
            onClick={() => setChosen(tpl.id)}
            data-testid={`invite-template-${tpl.key}`}
          >
            {tpl.title}
          </Text>
        ))}
      </View>
      {chosen ? (
        <Button size="small" loading={busy} disabled={busy} onClick={() => void send()} data-testid="invite-send">
          {t('care.invite')}
        </Button>
      ) : null}
      <InlineError message={error} />
    </View>
  );
}
