import { Text, View } from '@tarojs/components';
import Image from '@tiptap/extension-image';
import Link from '@tiptap/extension-link';
import { EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect, useRef } from 'react';
import { useI18n } from '../../../hooks/use-i18n';
import type { RichEditorProps } from './rich-editor-types';
import './rich-editor.css';

/**
 * The article body editor in the browser console: tiptap (ProseMirror) with headings, lists, bold and italic, quotes,
 * links (web or mini-program pages) and pictures by address, and undo. It hands out HTML; the server sanitises it.
 * The weapp build takes RichEditor.tsx (WeChat's own editor) instead: Taro resolves `.h5.tsx` for H5 only.
 */
export function RichEditor(props: RichEditorProps) {
  const { t } = useI18n();
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  // Whether the editor shows a body of its own already (loaded, or typed): then a value coming back from the parent is
  // never written into it — it would be an older copy of what is on screen, and writing it moved the caret mid-word.
  const loaded = useRef(false);
  const editor = useEditor({
    extensions: [
      StarterKit.configure({ link: false, heading: { levels: [2, 3] } }),
      Link.configure({ openOnClick: false, autolink: true, protocols: ['http', 'https'] }),
      Image.configure({ inline: false }),
    ],
    content: props.value,
    onUpdate: ({ editor: e }) => {
      loaded.current = true;
      onChange.current(e.isEmpty ? '' : e.getHTML());
    },
  });
  // A body loaded after the editor started (an existing article) is shown once, into an editor nobody has typed in.
  useEffect(() => {
    if (!editor || loaded.current || !props.value) return;
    loaded.current = true;
    if (editor.isEmpty) editor.commands.setContent(props.value, { emitUpdate: false });
  }, [editor, props.value]);

  if (!editor) return null;
  const tool = (key: string, label: string, run: () => void, on = false) => (
    <Text
      key={key}
      className={`yb-rich-editor__tool ${on ? 'yb-rich-editor__tool--on' : ''}`}
      data-testid={`editor-${key}`}
      onClick={(e) => {
        e.stopPropagation();
        run();
      }}
    >
      {label}
    </Text>
  );
  const ask = (message: string) => (typeof window !== 'undefined' ? window.prompt(message)?.trim() : undefined);
  return (
    <View className="yb-rich-editor" data-testid={props.testId}>
      <View className="yb-rich-editor__toolbar">
        {tool('h2', t('editor.h2'), () => editor.chain().focus().toggleHeading({ level: 2 }).run(), editor.isActive('heading', { level: 2 }))}
        {tool('bold', t('editor.bold'), () => editor.chain().focus().toggleBold().run(), editor.isActive('bold'))}
        {tool('italic', t('editor.italic'), () => editor.chain().focus().toggleItalic().run(), editor.isActive('italic'))}
        {tool('bullet', t('editor.bullet'), () => editor.chain().focus().toggleBulletList().run(), editor.isActive('bulletList'))}
        {tool('ordered', t('editor.ordered'), () => editor.chain().focus().toggleOrderedList().run(), editor.isActive('orderedList'))}
        {tool('quote', t('editor.quote'), () => editor.chain().focus().toggleBlockquote().run(), editor.isActive('blockquote'))}
        {tool('link', t('editor.link'), () => {
          const href = ask(t('editor.linkPrompt'));
          if (href) editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
          else if (href === '') editor.chain().focus().unsetLink().run();
        })}
        {tool('image', t('editor.image'), () => {
          const src = ask(t('editor.imagePrompt'));
          if (src) editor.chain().focus().setImage({ src }).run();
        })}
        {tool('undo', t('editor.undo'), () => editor.chain().focus().undo().run())}
      </View>
      <EditorContent editor={editor} className="yb-rich-editor__area" data-testid={props.testId ? `${props.testId}-area` : undefined} />
    </View>
  );
}
