import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { CONSULT_TEXT_MAX_CHARS, type CannedReplyScope } from '@yiban/shared';
import { useState } from 'react';
import { Button } from '../../../components/nut';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../components/states';
import { useI18n } from '../../../hooks/use-i18n';
import { useQuery } from '../../../hooks/use-query';
import { createCannedReply, deleteCannedReply, listCannedReplies } from '../../../services/consultations';
import { toApiError } from '../../../services/errors';

/** 常用回复: mine and my department's; a tap puts the text in the input; add and delete (those I may edit). */
export function CannedReplies(props: { onPick: (text: string) => void; departmentAllowed: boolean }) {
  const { t, locale } = useI18n();
  const list = useQuery(listCannedReplies, []);
  const [adding, setAdding] = useState(false);
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [scope, setScope] = useState<CannedReplyScope>('mine');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    if (!title.trim() || !text.trim()) return setError(t('chat.cannedMissing'));
    setBusy(true);
    setError(null);
    try {
      await createCannedReply({ scope, title: title.trim(), text: text.trim() });
      setTitle('');
      setText('');
      setAdding(false);
      await list.reload();
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (id: string, replyTitle: string) => {
    const { confirm } = await Taro.showModal({
      title: t('chat.cannedDelete'),
      content: t('chat.cannedDeleteConfirm', { title: replyTitle }),
      confirmText: t('common.confirm'),
      cancelText: t('common.cancel'),
    });
    if (!confirm) return;
    try {
      await deleteCannedReply(id);
      await list.reload();
    } catch (e) {
      setError(toApiError(e, locale).message);
    }
  };

  return (
    <View data-testid="canned-replies">
      <Text className="yb-h2">{t('chat.canned')}</Text>
      <Text className="yb-small">{t('chat.cannedFill')}</Text>
      {list.loading && !list.data ? <LoadingState /> : null}
      {list.error ? <ErrorState error={list.error} onRetry={() => void list.reload()} /> : null}
      {list.data && list.data.length === 0 && !adding ? <EmptyState icon="chat" title={t('chat.cannedEmpty')} hint={t('chat.cannedEmptyHint')} /> : null}
      {list.data?.map((reply) => (
        <View key={reply.id} className="yb-canned" data-testid="canned-reply" onClick={() => props.onPick(reply.text)}>
          <Text className="yb-canned__title">
            {reply.title} <Text className="yb-badge yb-badge--muted">{t(`chat.cannedScope.${reply.scope}`)}</Text>
          </Text>
          <Text className="yb-canned__text">{reply.text}</Text>
          {reply.editable ? (
            <Text
              className="yb-textbutton yb-textbutton--danger"
              onClick={(e) => {
                e.stopPropagation();
                void remove(reply.id, reply.title);
              }}
            >
              {t('chat.cannedDelete')}
            </Text>
          ) : null}
        </View>
      ))}
      {adding ? (
        <View className="yb-editor" data-testid="canned-form">
          <Text className="yb-field__label">{t('chat.cannedTitle')}</Text>
          <Input
            className="yb-input"
            value={title}
            maxlength={40}
            placeholder={t('chat.cannedTitlePlaceholder')}
            onInput={(e) => setTitle(e.detail.value)}
            data-testid="canned-title"
          />
          <Text className="yb-field__label">{t('chat.cannedText')}</Text>
          <Textarea
            className="yb-textarea"
            value={text}
            maxlength={CONSULT_TEXT_MAX_CHARS}
            onInput={(e) => setText(e.detail.value)}
            data-testid="canned-text"
          />
          <View className="yb-choices" style={{ marginTop: '8px' }}>
            {(props.departmentAllowed ? (['mine', 'department'] as const) : (['mine'] as const)).map((s) => (
              <Text key={s} className={`yb-choice ${scope === s ? 'yb-choice--on' : ''}`} onClick={() => setScope(s)}>
                {t(`chat.cannedScope.${s}`)}
              </Text>
            ))}
          </View>
          <InlineError message={error} />
          <View className="yb-actions">
            <Button type="primary" loading={busy} disabled={busy} onClick={() => void save()} data-testid="canned-save">
              {t('chat.cannedSave')}
            </Button>
            <Button fill="outline" onClick={() => setAdding(false)}>
              {t('common.cancel')}
            </Button>
          </View>
        </View>
      ) : (
        <>
          <InlineError message={error} />
          <View className="yb-actions">
            <Button fill="outline" onClick={() => setAdding(true)} data-testid="canned-add">
              {t('chat.cannedAdd')}
            </Button>
          </View>
        </>
      )}
    </View>
  );
}
