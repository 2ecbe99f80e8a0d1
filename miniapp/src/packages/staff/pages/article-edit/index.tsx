import { Image, Input, RichText, Text, Textarea, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { ARTICLE_LANGUAGES, ARTICLE_SUMMARY_MAX, ARTICLE_TITLE_MAX, type ArticleLanguage, type StaffArticleView } from '@yiban/shared';
import { useEffect, useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import { platform } from '../../../../platform';
import { listDepartments } from '../../../../services/catalog';
import { archiveArticle, createArticle, staffArticle, submitArticle, updateArticle, uploadArticleCover } from '../../../../services/content';
import { toApiError } from '../../../../services/errors';
import { apiBaseUrl } from '../../../../services/runtime-config';
import { articleActions, articleHtml, contentImageUrl, parseTags } from '../../../../utils/content';
import { ChoiceRow } from '../../components/ChoiceRow';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { RichEditor } from '../../components/RichEditor';
import { useStaffMember } from '../../use-staff';
import '../../staff.css';
import '../../admin.css';
import '../../articles.css';

interface Draft {
  title: string;
  summary: string;
  coverUrl: string;
  tags: string;
  departmentIds: string[];
  language: ArticleLanguage;
  body: string;
}

const EMPTY: Draft = { title: '', summary: '', coverUrl: '', tags: '', departmentIds: [], language: 'zh-CN', body: '' };

function draftOf(a: StaffArticleView): Draft {
  return {
    title: a.title,
    summary: a.summary,
    coverUrl: a.coverUrl && /^https:/.test(a.coverUrl) ? a.coverUrl : '',
    tags: a.tags.join('，'),
    departmentIds: a.departmentIds,
    language: a.language,
    body: a.body,
  };
}

/** 写文章 / 编辑文章: title, summary, cover, tags, departments, language and the body (rich text); preview; save; submit for review. */
export default function ArticleEditPage() {
  const { t, locale } = useI18n();
  const { member } = useStaffMember();
  const { id: initialId } = useRouter().params;
  const [id, setId] = useState<string | undefined>(initialId);
  const [article, setArticle] = useState<StaffArticleView | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [preview, setPreview] = useState(false);
  const [busy, setBusy] = useState<'save' | 'submit' | 'archive' | 'cover' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const loaded = useQuery(() => (initialId ? staffArticle(initialId) : Promise.resolve(null)), [initialId], !!member);
  const departments = useQuery(listDepartments, [locale], !!member);

  useEffect(() => {
    if (loaded.data) {
      setArticle(loaded.data);
      setDraft(draftOf(loaded.data));
    }
  }, [loaded.data]);

  const edit = (change: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...change }));
    setNotice(null);
  };

  /** Saves the draft (creating it the first time); answers the article as saved, or null with the problem shown. */
  const save = async (): Promise<StaffArticleView | null> => {
    if (!draft.title.trim()) return (setError(t('article.titleRequired')), null);
    if (!draft.body.replace(/<[^>]*>/g, '').trim() && !draft.body.includes('<img')) return (setError(t('article.bodyRequired')), null);
    setError(null);
    const body = {
      title: draft.title.trim(),
      ...(draft.summary.trim() ? { summary: draft.summary.trim() } : {}),
      body: draft.body,
      tags: parseTags(draft.tags),
      departmentIds: draft.departmentIds,
      language: draft.language,
      ...(draft.coverUrl.trim() ? { coverUrl: draft.coverUrl.trim() } : {}),
    };
    try {
      const saved = id ? await updateArticle(id, body) : await createArticle(body);
      setId(saved.id);
      setArticle(saved);
      setDraft(draftOf(saved));
      return saved;
    } catch (e) {
      setError(toApiError(e, locale).message);
      return null;
    }
  };

  const run = async (what: 'save' | 'submit' | 'archive') => {
    setBusy(what);
    try {
      if (what === 'archive' && id) {
        setArticle(await archiveArticle(id));
        return;
      }
      const saved = await save();
      if (!saved) return;
      if (what === 'submit') {
        setArticle(await submitArticle(saved.id));
        setNotice(t('article.submitted'));
      } else setNotice(t('article.saved'));
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setBusy(null);
    }
  };

  const uploadCover = async () => {
    const saved = id ? article : await save();
    if (!saved) return;
    const file = await platform.chooseImage().catch(() => null);
    if (!file) return;
    setBusy('cover');
    try {
      setArticle(await uploadArticleCover(saved.id, file));
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setBusy(null);
    }
  };

  const status = article?.status ?? 'draft';
  const actions = articleActions(status);
  const live = status === 'published' || status === 'scheduled';
  const cover = draft.coverUrl.trim() || article?.coverUrl || '';
  return (
    <Page title={id ? 'article.editTitle' : 'article.createTitle'} className="yb-console">
      {member ? <ConsoleSidebar member={member} current="content" /> : <View />}
      <ConsoleMain>
        {initialId && loaded.loading && !article ? <LoadingState /> : null}
        {initialId && loaded.error && !article ? <ErrorState error={loaded.error} onRetry={() => void loaded.reload()} /> : null}
        {!initialId || article ? (
          <View className="yb-editor yb-article-editor" data-testid="article-editor" data-status={status} data-article-id={id ?? ''}>
            <View className="yb-console__bar">
              <Text className="yb-console__title">{t(id ? 'article.editTitle' : 'article.createTitle')}</Text>
              <Text className="yb-status" data-testid="article-editor-status">
                {t(`article.status.${status}`)}
              </Text>
            </View>
            {article?.reviewComment && status === 'draft' ? (
              <Text className="yb-muted">{t('article.reviewComment', { comment: article.reviewComment })}</Text>
            ) : null}
            {live ? <Text className="yb-muted">{t('article.liveEditWarning')}</Text> : null}
            {preview ? (
              <View className="yb-article" data-testid="article-preview">
                {cover ? <Image className="yb-article__cover" src={contentImageUrl(cover, apiBaseUrl())} mode="widthFix" /> : null}
                <Text className="yb-article__title">{draft.title}</Text>
                <RichText className="yb-article__body" nodes={articleHtml(draft.body, apiBaseUrl())} />
              </View>
            ) : (
              <View>
                <Text className="yb-article-editor__label">{t('article.field.title')}</Text>
                <Input
                  className="yb-input"
                  maxlength={ARTICLE_TITLE_MAX}
                  value={draft.title}
                  onInput={(e) => edit({ title: e.detail.value })}
                  data-testid="article-title"
                />
                <Text className="yb-article-editor__label">{t('article.field.summary')}</Text>
                <Textarea
                  className="yb-input"
                  maxlength={ARTICLE_SUMMARY_MAX}
                  value={draft.summary}
                  autoHeight
                  onInput={(e) => edit({ summary: e.detail.value })}
                  data-testid="article-summary"
                />
                <Text className="yb-article-editor__label">{t('article.field.cover')}</Text>
                <View className="yb-toolbar">
                  <Input className="yb-input" value={draft.coverUrl} onInput={(e) => edit({ coverUrl: e.detail.value })} data-testid="article-cover" />
                  <Button size="small" loading={busy === 'cover'} onClick={() => void uploadCover()} data-testid="article-cover-upload">
                    {t('article.field.coverUpload')}
                  </Button>
                </View>
                <Text className="yb-article-editor__label">{t('article.field.tags')}</Text>
                <Input className="yb-input" value={draft.tags} onInput={(e) => edit({ tags: e.detail.value })} data-testid="article-tags" />
                {departments.data ? (
                  <View className="yb-toolbar" data-testid="article-departments">
                    <Text className="yb-toolbar__label">{t('article.field.departments')}</Text>
                    {departments.data.map((d) => {
                      const on = draft.departmentIds.includes(d.id);
                      return (
                        <Text
                          key={d.id}
                          className={`yb-choice ${on ? 'yb-choice--on' : ''}`}
                          data-on={on ? 'yes' : 'no'}
                          onClick={() => edit({ departmentIds: on ? draft.departmentIds.filter((x) => x !== d.id) : [...draft.departmentIds, d.id] })}
                        >
                          {d.name}
                        </Text>
                      );
                    })}
                  </View>
                ) : null}
                <ChoiceRow
                  label={t('article.field.language')}
                  testId="article-language"
                  value={draft.language}
                  onChange={(language) => edit({ language })}
                  options={ARTICLE_LANGUAGES.map((l) => ({ value: l, label: t(`article.language.${l}`) }))}
                />
                <Text className="yb-article-editor__label">{t('article.field.body')}</Text>
                <RichEditor value={draft.body} onChange={(body) => edit({ body })} testId="article-body" />
              </View>
            )}
            <InlineError message={error} />
            {notice ? (
              <Text className="yb-muted" data-testid="article-notice">
                {notice}
              </Text>
            ) : null}
            <View className="yb-actions">
              <Button onClick={() => setPreview(!preview)} data-testid="article-preview-toggle">
                {preview ? t('article.closePreview') : t('article.preview')}
              </Button>
              {actions.edit ? (
                <Button loading={busy === 'save'} disabled={!!busy} onClick={() => void run('save')} data-testid="article-save">
                  {busy === 'save' ? t('article.saving') : t('article.save')}
                </Button>
              ) : null}
              {actions.submit ? (
                <Button type="primary" loading={busy === 'submit'} disabled={!!busy} onClick={() => void run('submit')} data-testid="article-submit">
                  {t('article.submit')}
                </Button>
              ) : null}
              {id && actions.archive ? (
                <Button loading={busy === 'archive'} disabled={!!busy} onClick={() => void run('archive')} data-testid="article-archive">
                  {t('article.archive')}
                </Button>
              ) : null}
            </View>
          </View>
        ) : null}
      </ConsoleMain>
    </Page>
  );
}
