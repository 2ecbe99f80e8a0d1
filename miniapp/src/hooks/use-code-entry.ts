import type { ErrorCode } from '@yiban/shared';
import { useState } from 'react';
import { platform } from '../platform';
import { messageFor, toApiError } from '../services/errors';
import { useI18n } from './use-i18n';

/** What a code entry last said: what the check answered, or why it failed, in the user's language. */
export type CodeEntryResult<R> = { ok: true; value: R } | { ok: false; text: string };

/**
 * A code at a door (a visit's check-in number at the front desk, a club registration's QR at an event): typed, or
 * scanned where the platform can, then checked by the server. A code of the wrong shape is refused by the API's
 * validation; to the person at the door that is simply `invalidCode`'s message. The field empties after a success.
 */
export function useCodeEntry<R>(options: {
  check: (code: string) => Promise<R>;
  onChecked?: (value: R) => void;
  requiredText: string;
  invalidCode: ErrorCode;
}) {
  const { locale } = useI18n();
  const [code, setCode] = useState('');
  const [checking, setChecking] = useState(false);
  const [result, setResult] = useState<CodeEntryResult<R> | null>(null);

  const submit = async (value: string) => {
    const trimmed = value.trim();
    if (!trimmed) {
      setResult({ ok: false, text: options.requiredText });
      return;
    }
    setChecking(true);
    setResult(null);
    try {
      const r = await options.check(trimmed);
      setResult({ ok: true, value: r });
      setCode('');
      options.onChecked?.(r);
    } catch (e) {
      const failure = toApiError(e, locale);
      setResult({ ok: false, text: failure.code === 'VALIDATION_FAILED' ? messageFor(options.invalidCode, locale) : failure.message });
    } finally {
      setChecking(false);
    }
  };

  const scan = async () => {
    try {
      const scanned = await platform.scanCode();
      if (scanned) {
        setCode(scanned);
        await submit(scanned);
      }
    } catch (e) {
      setResult({ ok: false, text: e instanceof Error ? e.message : String(e) });
    }
  };

  return { code, setCode, checking, result, submit, scan };
}
