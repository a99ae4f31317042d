import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { convert } from 'html-to-text';

/** A document's text, one paragraph per line, and the format it was read as. */
export interface SourceText {
  text: string;
  format: 'html' | 'text';
}

/**
 * Reads a policy document saved from a government site: plain text as is, HTML (by extension or by
 * its markup) turned into text with block elements as line breaks (html-to-text decodes entities and
 * drops scripts, styles and images). Links keep their text only.
 */
export async function readSource(file: string): Promise<SourceText> {
  const raw = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  const ext = path.extname(file).toLowerCase();
  const looksHtml = ext === '.html' || ext === '.htm' || /^\s*(<!doctype html|<html|<body|<div|<p[\s>])/i.test(raw);
  if (!looksHtml) return { text: raw, format: 'text' };
  return { text: htmlToText(raw), format: 'html' };
}

/** The text of an HTML page, one block element per line. */
export function htmlToText(html: string): string {
  return convert(html, {
    wordwrap: false,
    preserveNewlines: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'script', format: 'skip' },
      { selector: 'style', format: 'skip' },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'table', format: 'block' },
      { selector: 'tr', format: 'block' },
      { selector: 'td', format: 'inline' },
    ],
  });
}
