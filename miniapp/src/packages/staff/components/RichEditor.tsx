import { Editor, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useRef } from 'react';
import { useI18n } from '../../../hooks/use-i18n';
import type { RichEditorProps } from './rich-editor-types';
import './rich-editor.css';

/** The parts of WeChat's EditorContext this editor uses. */
interface EditorContext {
  setContents(options: { html: string }): void;
  format(name: string, value?: string): void;
  undo(): void;
}

let editors = 0;

/**
 * The article body editor in the WeChat build: WeChat's own <editor> (no tiptap in the package), with the same tools as
 * the browser console's (RichEditor.h5.tsx): headings, bold, italic, lists, undo (pictures
 * only from the browser console: a phone's picture is a local file the article cannot link to). It hands
 * out HTML; the server sanitises it.
 */
export function RichEditor(props: RichEditorProps) {
  const { t } = useI18n();
  const id = useRef(`yb-rich-editor-${++editors}`);
  const context = useRef<EditorContext | null>(null);
  const loaded = useRef(false);
  const latest = useRef(props.value);
  latest.current = props.value;

  const load = () => {
    if (!context.current || loaded.current || !latest.current) return;
    loaded.current = true;
    context.current.setContents({ html: latest.current });
  };
  useEffect(load, [props.value]);

  const ready = () => {
    Taro.createSelectorQuery()
      .select(`#${id.current}`)
      .context((res) => {
        context.current = (res as unknown as { context: EditorContext }).context;
        load();
      })
      .exec();
  };
  const tool = (key: string, label: string, run: (c: EditorContext) => void) => (
    <Text key={key} className="yb-rich-editor__tool" data-testid={`editor-${key}`} onClick={() => context.current && run(context.current)}>
      {label}
    </Text>
  );
  return (
    <View className="yb-rich-editor" data-testid={props.testId}>
      <View className="yb-rich-editor__toolbar">
        {tool('h2', t('editor.h2'), (c) => c.format('header', 'H2'))}
        {tool('bold', t('editor.bold'), (c) => c.format('bold'))}
        {tool('italic', t('editor.italic'), (c) => c.format('italic'))}
        {tool('bullet', t('editor.bullet'), (c) => c.format('list', 'bullet'))}
        {tool('ordered', t('editor.ordered'), (c) => c.format('list', 'ordered'))}
        {tool('undo', t('editor.undo'), (c) => c.undo())}
      </View>
      <Editor
        id={id.current}
        className="yb-rich-editor__area"
        placeholder={t('article.field.body')}
        onReady={ready}
        onInput={(e) => {
          // Typed in: a value coming back from the parent is what is on screen already (or older); never written back.
          loaded.current = true;
          props.onChange((e.detail as { html: string }).html);
        }}
      />
    </View>
  );
}
