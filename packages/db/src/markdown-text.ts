// Markdown → plain text for the search index. Deliberately small: it handles the constructs the
// course bundle format allows (docs/course-bundle.md) and degrades to leaving text as-is.

/** C0 controls except tab and newline, and DEL. Includes NUL (PostgreSQL rejects it in text) and
 * the \u0002/\u0003 sentinels the search snippets use. */
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Removes control characters and replaces lone surrogates with U+FFFD (what UTF-8 encoding would do anyway). */
export function stripControlChars(text: string): string {
  return text.replace(CONTROL_CHARS, '').replace(LONE_SURROGATE, '\ufffd');
}

export function markdownToPlainText(markdown: string): string {
  const out: string[] = [];
  let fence: { char: string; length: number } | undefined;
  let inComment = false;

  for (const rawLine of stripControlChars(markdown.replace(/\r\n?/g, '\n')).split('\n')) {
    if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(rawLine);
      if (close?.[1] && close[1][0] === fence.char && close[1].length >= fence.length) fence = undefined;
      else out.push(rawLine);
      continue;
    }

    let line = rawLine;
    if (inComment) {
      const end = line.indexOf('-->');
      if (end === -1) continue;
      inComment = false;
      line = line.slice(end + 3);
    }
    line = line.replace(/<!--[\s\S]*?-->/g, '');
    const commentStart = line.indexOf('<!--');
    if (commentStart !== -1) {
      inComment = true;
      line = line.slice(0, commentStart);
    }
    // A line that held only a comment is not a paragraph break.
    if (line !== rawLine && line.trim() === '') continue;

    const open = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (open?.[1] && !(open[1][0] === '`' && line.slice(open[0].length).includes('`'))) {
      fence = { char: open[1][0] ?? '`', length: open[1].length };
      continue;
    }

    const text = blockText(line);
    if (text !== undefined) out.push(inlineText(text).replace(/[ \t]+/g, ' ').trim());
  }

  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The text of one non-code line with its block syntax removed, or undefined to drop the line. */
function blockText(line: string): string | undefined {
  // Audience blocks: `:::beginner Optional title` ... `:::`. The title is content; the name is not.
  const directive = /^ {0,3}:::+\s*(.*)$/.exec(line);
  if (directive) return (directive[1] ?? '').replace(/^[\w-]+\s*/, '');
  // Thematic breaks, setext underlines and table delimiter rows.
  if (/^ {0,3}([-*_=])(\s*\1)*\s*$/.test(line) && line.trim().length >= 2) return undefined;
  if (/^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/.test(line) && line.includes('-') && line.includes('|')) return undefined;
  // Footnote definitions keep their text; link reference definitions are only a URL.
  const footnote = /^ {0,3}\[\^[^\]]+\]:\s*(.*)$/.exec(line);
  if (footnote) return footnote[1] ?? '';
  if (/^ {0,3}\[[^\]]+\]:\s*\S+/.test(line)) return undefined;

  let text = line;
  for (;;) {
    const before = text;
    text = text
      .replace(/^ {0,3}#{1,6}(?=\s|$)\s*/, '')
      .replace(/^\s*>\s?/, '')
      .replace(/^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?/, '');
    if (text === before) break;
  }
  text = text.replace(/\s+#+\s*$/, '');
  if (/^\s*\|/.test(text)) text = text.replace(/^\s*\|/, '').replace(/(?<!\\)\|\s*$/, '').replace(/(?<!\\)\|/g, ' ');
  return text;
}

/**
 * HTML elements whose tags are markup, not text. Anything else in angle brackets (`<file>`,
 * `<EMAIL_1>`, `<changelog>`) is what a course means to show, such as a prompt's delimiter, and stays.
 */
const HTML_ELEMENTS = new Set(
  ('a abbr b br blockquote code dd del details div dl dt em figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ' +
    'ol p pre q s samp small span strong sub summary sup table tbody td th thead tr u ul var wbr').split(' '),
);

const ESCAPABLE = /\\([!-/:-@[-`{-~])/g;
/** Escaped punctuation is parked in the Private Use Area while syntax is stripped. */
const PARK = 0xe000;
const PARKED = /[\ue000-\ue07f]/g;

/** Inline syntax removed; code spans keep their text verbatim. */
function inlineText(text: string): string {
  const parts = text.split(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/);
  let result = '';
  // split() with two capture groups yields [text, ticks, code, text, ticks, code, ..., text].
  for (let i = 0; i < parts.length; i += 3) {
    result += proseText(parts[i] ?? '');
    const code = parts[i + 2];
    if (code !== undefined) result += /^ .* $/.test(code) && code.trim() !== '' ? code.slice(1, -1) : code;
  }
  return result;
}

function proseText(text: string): string {
  let s = text.replace(ESCAPABLE, (_, ch: string) => String.fromCharCode(PARK + ch.charCodeAt(0)));
  s = s
    .replace(/!\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g, '$1')
    .replace(/\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g, '$1')
    .replace(/\[\^[^\]]+\]/g, '')
    .replace(/!?\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/<((?:https?|ftp|mailto):[^>\s]+)>/gi, '$1')
    .replace(/<([^@>\s]+@[^>\s]+\.[^>\s]+)>/g, '$1')
    .replace(/<\/?([A-Za-z][\w-]*)(?:\s[^<>]*)?\/?>/g, (tag: string, name: string) => (HTML_ELEMENTS.has(name.toLowerCase()) ? ' ' : tag));
  for (;;) {
    const before = s;
    s = s
      .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
      .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '$1')
      .replace(/\*(?=[^\s*])([^*]*?[^\s*])\*/g, '$1')
      .replace(/(?<![\p{L}\p{N}_])_(?=[^\s_])([^_]*?[^\s_])_(?![\p{L}\p{N}_])/gu, '$1');
    if (s === before) break;
  }
  return decodeEntities(s).replace(PARKED, (ch) => String.fromCharCode(ch.charCodeAt(0) - PARK));
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  copy: '©',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]+);/gi, (entity, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)) return stripControlChars(String.fromCodePoint(code));
      return entity;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? entity;
  });
}
