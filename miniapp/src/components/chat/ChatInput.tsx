import { Text, Textarea, View } from '@tarojs/components';
import { CONSULT_TEXT_MAX_CHARS } from '@yiban/shared';
import type { ReactNode } from 'react';
import { useI18n } from '../../hooks/use-i18n';
import { platform, PlatformError } from '../../platform';
import type { UploadFile } from '../../services/http';
import { Button } from '../nut';
import './chat.css';

/**
 * The writing bar under a chat: a growing text box, 发送, and a picture button (album or camera). The text stays in the
 * box until the parent clears it, so a refused message is never lost. `tools` (staff: canned replies, reply/note)
 * sit above the box.
 */
export function ChatInput(props: {
  value: string;
  onChange: (value: string) => void;
  onSend: () => void;
  onImage?: (file: UploadFile) => void;
  onImageError?: (message: string) => void;
  placeholder?: string;
  disabled?: boolean;
  note?: boolean;
  tools?: ReactNode;
  sendLabel?: string;
}) {
  const { t } = useI18n();
  const empty = props.value.trim().length === 0;

  const pick = async () => {
    try {
      const file = await platform.chooseImage();
      if (file) props.onImage?.(file);
    } catch (e) {
      props.onImageError?.(t('consult.pickImageFailed', { reason: e instanceof PlatformError || e instanceof Error ? e.message : String(e) }));
    }
  };

  return (
    <View className={`yb-chat__input ${props.note ? 'yb-chat__input--note' : ''}`} data-testid="chat-compose">
      {props.tools ? <View className="yb-chat__tools">{props.tools}</View> : null}
      <View className="yb-chat__input-row">
        <Textarea
          className="yb-chat__textarea"
          value={props.value}
          autoHeight
          maxlength={CONSULT_TEXT_MAX_CHARS}
          placeholder={props.placeholder ?? t('consult.inputPlaceholder')}
          disabled={props.disabled}
          onInput={(e) => props.onChange(e.detail.value)}
          confirmType="send"
          onConfirm={() => {
            if (!empty) props.onSend();
          }}
          showConfirmBar={false}
          cursorSpacing={16}
          data-testid="chat-input"
        />
        {props.onImage ? (
          <Text className="yb-chat__image-button" onClick={() => void pick()} data-testid="chat-image-button">
            {t('consult.image')}
          </Text>
        ) : null}
        <Button type="primary" disabled={props.disabled || empty} onClick={props.onSend} className="yb-chat__send" data-testid="chat-send">
          {props.sendLabel ?? t('consult.send')}
        </Button>
      </View>
    </View>
  );
}
