export interface RichEditorProps {
  /** HTML. */
  value: string;
  onChange: (html: string) => void;
  testId?: string;
}
