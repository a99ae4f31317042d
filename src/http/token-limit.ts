import { Lexer, Source, TokenKind } from 'graphql';

/**
 * True when `query` has more than `max` lexical tokens. Counting stops at max + 1, so a huge query
 * costs no more than a small one to refuse. Malformed text counts as within the limit: the parser
 * reports it properly later.
 */
export function exceedsTokenLimit(query: string, max: number): boolean {
  const lexer = new Lexer(new Source(query));
  try {
    for (let n = 0; n <= max; n++) if (lexer.advance().kind === TokenKind.EOF) return false;
    return true;
  } catch {
    return false;
  }
}
