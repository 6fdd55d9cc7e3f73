import { SCIM_FILTER_DEPTH_MAX, SCIM_FILTER_MAX, SCIM_GROUP, SCIM_USER } from '@roster/contract';
import { ScimProblem } from './errors.js';

/**
 * SCIM filters (RFC 7644 §3.4.2.2): a tokenizer and a recursive-descent parser that turn `filter=` text into a tree.
 * The tree names attributes as written (lower-cased, without the core schema's URN); the repository compiles it to
 * SQL with bound parameters (db/repositories/scim.repository.ts), and refuses attributes it does not know. Bad syntax
 * is a 400 `invalidFilter` naming where it went wrong.
 */

export const comparisons = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'] as const;
export type Comparison = (typeof comparisons)[number];
export type FilterValue = string | number | boolean | null;

export type Filter =
  | { kind: 'and' | 'or'; left: Filter; right: Filter }
  | { kind: 'not'; filter: Filter }
  | { kind: 'compare'; attribute: string; op: Comparison; value: FilterValue }
  | { kind: 'present'; attribute: string }
  /** `emails[type eq "work"]`: the inner filter's attributes are the multi-valued attribute's sub-attributes. */
  | { kind: 'valuePath'; attribute: string; filter: Filter };

type Token =
  | { t: 'word'; v: string; at: number }
  | { t: 'string'; v: string; at: number }
  | { t: 'number'; v: number; at: number }
  | { t: '(' | ')' | '[' | ']'; at: number };

const invalid = (detail: string) => new ScimProblem(400, 'invalidFilter', detail);

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
    } else if (ch === '(' || ch === ')' || ch === '[' || ch === ']') {
      out.push({ t: ch, at: i });
      i++;
    } else if (ch === '"') {
      // A JSON string: the escapes of RFC 8259.
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) throw invalid(`The text starting at character ${i + 1} has no closing quote.`);
      let v: string;
      try {
        v = JSON.parse(text.slice(i, j + 1)) as string;
      } catch {
        throw invalid(`The text starting at character ${i + 1} has a bad escape.`);
      }
      out.push({ t: 'string', v, at: i });
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && !' \t\n\r()[]"'.includes(text[j]!)) j++;
      const word = text.slice(i, j);
      if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(word)) out.push({ t: 'number', v: Number(word), at: i });
      else out.push({ t: 'word', v: word, at: i });
      i = j;
    }
  }
  return out;
}

const CORE_PREFIXES = [`${SCIM_USER}:`.toLowerCase(), `${SCIM_GROUP}:`.toLowerCase()];

/** An attribute path as the repository looks it up: lower-cased, without the core schema's URN. */
export function attributeKey(path: string): string {
  let key = path.toLowerCase();
  for (const prefix of CORE_PREFIXES) if (key.startsWith(prefix)) key = key.slice(prefix.length);
  return key;
}

const ATTRIBUTE = /^[A-Za-z][\w$-]*(:[\w.$-]+)*(\.[A-Za-z][\w$-]*)?$/;

/** Parses a filter, or throws a 400 `invalidFilter`. */
export function parseFilter(text: string): Filter {
  if (text.length > SCIM_FILTER_MAX) throw invalid(`A filter can have at most ${SCIM_FILTER_MAX} characters.`);
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const where = () => (peek() ? `at character ${peek()!.at + 1}` : 'at the end');
  const isWord = (tok: Token | undefined, word: string): boolean => tok?.t === 'word' && tok.v.toLowerCase() === word;

  function expect(t: ')' | ']') {
    if (peek()?.t !== t) throw invalid(`Expected "${t}" ${where()}.`);
    pos++;
  }

  function orExpr(depth: number): Filter {
    if (depth > SCIM_FILTER_DEPTH_MAX) throw invalid(`A filter can nest at most ${SCIM_FILTER_DEPTH_MAX} levels.`);
    let left = andExpr(depth);
    while (isWord(peek(), 'or')) {
      pos++;
      left = { kind: 'or', left, right: andExpr(depth) };
    }
    return left;
  }

  function andExpr(depth: number): Filter {
    let left = unary(depth);
    while (isWord(peek(), 'and')) {
      pos++;
      left = { kind: 'and', left, right: unary(depth) };
    }
    return left;
  }

  function unary(depth: number): Filter {
    const tok = peek();
    if (!tok) throw invalid('The filter ends where an expression was expected.');
    if (isWord(tok, 'not')) {
      pos++;
      if (peek()?.t !== '(') throw invalid(`Expected "(" after not ${where()}.`);
      return { kind: 'not', filter: unary(depth + 1) };
    }
    if (tok.t === '(') {
      pos++;
      const inner = orExpr(depth + 1);
      expect(')');
      return inner;
    }
    return attributeExpression(depth);
  }

  function attributeExpression(depth: number): Filter {
    const tok = peek();
    if (tok?.t !== 'word' || !ATTRIBUTE.test(tok.v)) throw invalid(`Expected an attribute name ${where()}.`);
    pos++;
    const attribute = attributeKey(tok.v);
    if (peek()?.t === '[') {
      pos++;
      if (depth + 1 > SCIM_FILTER_DEPTH_MAX) throw invalid(`A filter can nest at most ${SCIM_FILTER_DEPTH_MAX} levels.`);
      const inner = orExpr(depth + 1);
      expect(']');
      // `emails[type eq "work"].value eq "x"` (what some clients send): the sub-attribute's test joins the inner filter.
      const next = peek();
      if (next?.t === 'word' && next.v.startsWith('.')) {
        pos++;
        const sub = attributeKey(next.v.slice(1));
        if (!/^[a-z][\w$-]*$/.test(sub)) throw invalid(`Expected a sub-attribute ${where()}.`);
        return { kind: 'valuePath', attribute, filter: { kind: 'and', left: inner, right: comparison(sub) } };
      }
      return { kind: 'valuePath', attribute, filter: inner };
    }
    return comparison(attribute);
  }

  function comparison(attribute: string): Filter {
    const opTok = peek();
    if (opTok?.t !== 'word') throw invalid(`Expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) ${where()}.`);
    const op = opTok.v.toLowerCase();
    pos++;
    if (op === 'pr') return { kind: 'present', attribute };
    if (!(comparisons as readonly string[]).includes(op)) throw invalid(`"${opTok.v}" at character ${opTok.at + 1} is not an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr).`);
    const valueTok = peek();
    if (!valueTok) throw invalid(`Expected a value after ${op} at the end.`);
    let value: FilterValue;
    if (valueTok.t === 'string' || valueTok.t === 'number') value = valueTok.v;
    else if (isWord(valueTok, 'true')) value = true;
    else if (isWord(valueTok, 'false')) value = false;
    else if (isWord(valueTok, 'null')) value = null;
    // A word without quotes (`name.familyName eq Employee`, `meta.created gt 2015-10-10T14:38:21Z`): not RFC 7644, but
    // what Microsoft's published SCIM tests send; read as text. The words that join expressions never are values.
    else if (valueTok.t === 'word' && !['and', 'or', 'not', 'pr'].includes(valueTok.v.toLowerCase())) value = valueTok.v;
    else throw invalid(`Expected a value (a quoted text, a number, true, false or null) ${where()}.`);
    pos++;
    return { kind: 'compare', attribute, op: op as Comparison, value };
  }

  if (tokens.length === 0) throw invalid('The filter is empty.');
  const filter = orExpr(0);
  if (pos < tokens.length) throw invalid(`Unexpected "${describeToken(tokens[pos]!)}" at character ${tokens[pos]!.at + 1}.`);
  return filter;
}

function describeToken(tok: Token): string {
  return tok.t === 'word' || tok.t === 'string' ? String(tok.v) : tok.t === 'number' ? String(tok.v) : tok.t;
}
