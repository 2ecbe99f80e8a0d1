import sanitizeHtml from 'sanitize-html';

/** Links may go to the web (http, https) or into the mini-program (its pages and subpackages). */
const LINK = /^(?:https?:\/\/[^\s]+|\/(?:pages|packages)\/[A-Za-z0-9_\-/]+(?:\?[A-Za-z0-9_\-=&%.]*)?)$/;
/** Pictures come from the web over https, or from our own storage (an uploaded article picture). */
const IMAGE = /^(?:https:\/\/[^\s]+|\/api\/v1\/articles\/covers\/[0-9A-HJKMNP-TV-Z]{26})$/;

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['h1', 'h2', 'h3', 'h4', 'p', 'br', 'hr', 'ul', 'ol', 'li', 'strong', 'b', 'em', 'i', 'u', 's', 'blockquote', 'a', 'img', 'code', 'pre'],
  allowedAttributes: { a: ['href', 'title', 'rel', 'target'], img: ['src', 'alt', 'width', 'height'] },
  // Scheme checks are ours (LINK, IMAGE): sanitize-html's would let any relative address through.
  allowedSchemes: ['http', 'https'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  // No style attribute at all: nothing to smuggle a url() or an expression() in.
  allowedStyles: {},
  // What these hold is not text to show: dropped with its contents.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'template'],
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs): sanitizeHtml.Tag => {
      const href = (attribs.href ?? '').trim();
      const kept: sanitizeHtml.Attributes = {};
      if (LINK.test(href)) {
        kept.href = href;
        if (/^https?:/.test(href)) Object.assign(kept, { rel: 'noopener noreferrer', target: '_blank' });
      }
      return { tagName, attribs: kept };
    },
    b: 'strong',
    i: 'em',
  },
  exclusiveFilter: (frame) => frame.tag === 'img' && !IMAGE.test((frame.attribs.src ?? '').trim()),
};

/**
 * The article body as stored and served: headings, paragraphs, lists, emphasis, quotes, links (web or into the
 * mini-program) and pictures (https or our storage); scripts, event handlers, styles, frames and any other address
 * are gone. Idempotent: sanitising the output again changes nothing.
 */
export function sanitizeArticleHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS).trim();
}

/** True when an address is one the cover or a picture may use. */
export function isAllowedImageUrl(url: string): boolean {
  return IMAGE.test(url);
}
