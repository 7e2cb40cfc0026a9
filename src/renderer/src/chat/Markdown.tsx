// Claude's answers as Markdown (GFM: code, tables, lists). marked turns text into HTML and DOMPurify strips
// anything active from it before it reaches the DOM: the model's output is never trusted as HTML.
import DOMPurify from 'dompurify';
import { Marked } from 'marked';
import { memo, useMemo } from 'react';

const marked = new Marked({ gfm: true, breaks: false, async: false });

let hooked = false;
function sanitise(html: string): string {
  if (!hooked) {
    // Links open outside the app and never carry the page as referrer.
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A') {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
    });
    hooked = true;
  }
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    // Images would fetch from anywhere the model names; forms and styles could dress up as the app.
    FORBID_TAGS: ['img', 'style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'svg', 'math'],
    FORBID_ATTR: ['style', 'class', 'id'],
  });
}

export function markdownToHtml(text: string): string {
  return sanitise(marked.parse(text) as string);
}

/** Renders one answer. Memoised on the text: a streaming message re-parses only when its text grows. */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  const html = useMemo(() => markdownToHtml(text), [text]);
  // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by DOMPurify just above
  return <div className="md" dangerouslySetInnerHTML={{ __html: html }} />;
});
