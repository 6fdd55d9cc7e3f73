import { expect } from '@open-wc/testing';
import { importTooLargeMessage, profilePresets } from '@roster/contract';
import { de } from '@roster/contract/messages/de';
import { createImportEngine } from './engine.js';
import type { FromWorker, ToWorker } from './protocol.js';

const load = (id: number, text: string, locale = 'en', messages?: typeof de): ToWorker => ({
  type: 'load', id, text, source: 'clipboard', profile: profilePresets.default, kind: 'technician', hasDefaultOrganization: false,
  catalog: { roles: [], groups: [], organizations: [], granted: [] }, locale, ...(messages ? { messages } : {}),
});

function engine() {
  const out: FromWorker[] = [];
  const handle = createImportEngine((m) => out.push(m));
  const last = <T extends FromWorker['type']>(type: T) => out.filter((m): m is Extract<FromWorker, { type: T }> => m.type === type).at(-1)!;
  return { handle, out, last };
}

describe('import engine', () => {
  const text = ['First name\tLast name\tEmail', ...Array.from({ length: 50 }, (_, i) => `Anna${'a'.repeat(i % 3)}\tBerg\tanna${i}@x.example`)].join('\r\n');

  it('joins the slices of a text with its load, even where a slice splits a line, a cell or a surrogate pair', () => {
    const { handle, last } = engine();
    const withEmoji = `${text}\r\nZoë\tO’Brien 😀\tzoe@x.example`;
    const cut = [0, 7, 300, withEmoji.length - 20, withEmoji.length - 19];
    for (let i = 0; i + 1 < cut.length; i++) handle({ type: 'text', id: 3, part: withEmoji.slice(cut[i], cut[i + 1]) });
    handle(load(3, withEmoji.slice(cut.at(-1))));
    expect(last('table').total).to.equal(51);
    expect(last('issues').total).to.equal(51);
    // The emoji is not a letter: the one invalid row is the last, whose cells arrived whole.
    expect(last('issues').issues.map(([row, column]) => [row, column])).to.deep.equal([[50, 1]]);
    handle({ type: 'rows', requestId: 1, indices: [50] });
    expect(last('rows').rows).to.deep.equal([[50, ['Zoë', 'O’Brien 😀', 'zoe@x.example']]]);
  });

  it('drops the slices of a load that never came, and a load without slices is the whole text', () => {
    const { handle, last } = engine();
    handle({ type: 'text', id: 1, part: 'Garbage\tfrom an\tabandoned paste\r\n' });
    handle({ type: 'text', id: 2, part: text.slice(0, 100) });
    handle(load(2, text.slice(100)));
    expect(last('table').total).to.equal(50);
    expect(last('issues').invalidRows).to.equal(0);
    handle({ type: 'text', id: 4, part: 'Garbage\tfrom an\tabandoned paste\r\n' });
    handle(load(5, text));
    expect(last('table').total).to.equal(50);
    expect(last('issues').invalidRows).to.equal(0);
  });

  it('maps columns headed by an attribute’s key or label and marks their bad cells, in the body as attributes', () => {
    const { handle, last } = engine();
    const attributes = [
      { key: 'cost_centre', labels: { en: 'Cost centre', de: 'Kostenstelle' }, type: 'text' as const, options: null, required: true },
      { key: 'badge', labels: { en: 'Badge' }, type: 'number' as const, options: null, required: false },
    ];
    handle({ ...load(1, 'First name\tLast name\tEmail\tKostenstelle\tbadge\r\nAnna\tBerg\tanna@x.example\t4711\t12.5\r\nBen\tBerg\tben@x.example\t\ttwelve'), attributes } as ToWorker);
    expect(last('table').columns).to.deep.equal(['firstName', 'lastName', 'email', 'attributes.cost_centre', 'attributes.badge']);
    expect(last('issues').issues.map(([row, column, message]) => [row, column, message])).to.deep.equal([
      [1, 3, 'cost_centre is required.'],
      [1, 4, 'Must be a number.'],
    ]);
    handle({ type: 'body', requestId: 7, kind: 'technician', organizationId: null, mode: 'atomic', confirmAddSeats: false, sendInvitations: true });
    const body = JSON.parse(last('body').json) as { rows: { attributes?: unknown }[] };
    expect(body.rows[0]!.attributes).to.deep.equal({ cost_centre: '4711', badge: '12.5' });
  });

  it('refuses more than 10 MB of UTF-8, counted without encoding it', () => {
    const { handle, last } = engine();
    // 3.5 million characters of 3 bytes each: fewer characters than the limit, more bytes.
    handle(load(1, `First name\tLast name\tEmail\r\n${'€'.repeat(3_500_000)}`));
    expect(last('failed').message).to.equal(importTooLargeMessage);
  });

  it('writes the cells’ problems in the page’s locale, and in the new one after an update', () => {
    const { handle, last } = engine();
    // The page hands the engine the contract's messages of its language with the load.
    handle(load(1, 'First name\tLast name\tEmail\r\nAnna\t\tnot-an-address\r\nBen\tBerg\tben@x.example\r\nBen\tBerg\tBEN@x.example', 'de-DE', de));
    expect(last('issues').issues).to.deep.equal([
      [0, 1, 'Nachname ist erforderlich.'],
      [0, 2, 'E-Mail muss wie name@example.com aussehen.'],
      [2, 2, 'Dieselbe E-Mail wie in Zeile 2 (Groß- und Kleinschreibung zählt nicht).'],
    ]);
    handle({ type: 'update', locale: 'en' });
    expect(last('issues').issues.map(([, , message]) => message)).to.deep.equal([
      'Last name is required.',
      'Email must look like name@example.com.',
      'The same email as row 2 (emails are compared without case).',
    ]);
  });
});
