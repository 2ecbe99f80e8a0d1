import { Page } from '../../components/Page';
import { PatientGate } from '../../components/PatientGate';
import { EmptyState } from '../../components/states';
import { useI18n } from '../../hooks/use-i18n';

export default function MessagesPage() {
  const { t } = useI18n();
  return (
    <Page title="tab.messages" tab>
      <PatientGate>
        <EmptyState title={t('messages.empty')} hint={t('messages.emptyHint')} />
      </PatientGate>
    </Page>
  );
}
