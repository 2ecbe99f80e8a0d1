import { Image } from '@tarojs/components';
import { ICON_SHAPES, type IconName } from './icon-shapes';

export type { IconName };

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 of ASCII text (the SVGs are ASCII): WeChat's engine has no btoa. */
export function base64Ascii(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 3) {
    const a = text.charCodeAt(i);
    const b = i + 1 < text.length ? text.charCodeAt(i + 1) : NaN;
    const c = i + 2 < text.length ? text.charCodeAt(i + 2) : NaN;
    const n = (a << 16) | ((b || 0) << 8) | (c || 0);
    out += BASE64[(n >> 18) & 63]! + BASE64[(n >> 12) & 63]!;
    out += Number.isNaN(b) ? '=' : BASE64[(n >> 6) & 63]!;
    out += Number.isNaN(c) ? '=' : BASE64[n & 63]!;
  }
  return out;
}

const cache = new Map<string, string>();

/** A Lucide icon as an image source in `color` (a data URI: works in WeChat's <image> and the browser alike). */
export function iconSource(name: IconName, color: string, strokeWidth = 2): string {
  const key = `${name}|${color}|${strokeWidth}`;
  let src = cache.get(key);
  if (!src) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="${color}" stroke-width="${strokeWidth}" stroke-linecap="round" stroke-linejoin="round">${ICON_SHAPES[name]}</svg>`;
    src = `data:image/svg+xml;base64,${base64Ascii(svg)}`;
    cache.set(key, src);
  }
  return src;
}

export const ICON_COLORS = {
  primary: '#0b6e6e',
  muted: '#44504f',
  danger: '#b3261e',
  white: '#ffffff',
  text: '#1b2626',
} as const;

/**
 * One icon of the app's set (Lucide, see scripts/generate-icons.mjs). Decorative by default (the words beside it say
 * what it means); sized by the `yb-icon--*` classes, which large type scales.
 */
export function Icon(props: { name: IconName; tone?: keyof typeof ICON_COLORS; size?: 's' | 'm' | 'l' | 'xl'; className?: string }) {
  return (
    <Image
      className={`yb-icon yb-icon--${props.size ?? 'm'} ${props.className ?? ''}`}
      src={iconSource(props.name, ICON_COLORS[props.tone ?? 'primary'])}
      mode="aspectFit"
      aria-hidden="true"
      data-icon={props.name}
    />
  );
}
