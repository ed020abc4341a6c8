import { render } from './eventbridge-model';

// Expected values follow the Amazon EventBridge documentation of input
// transformers (API Reference "InputTransformer", User Guide "Amazon
// EventBridge input transformation"), not a run of the model.

const EVENT = {
  detail: {
    instance: 'i-0123456789',
    status: 'RUNNING',
    agent: 'say "hi"\\ then\nleave\tnow é',
    params: { roleArn: 'arn:aws:iam::111122223333:role/BreakGlass', n: 3 },
    nothing: null,
  },
};
const PATHS = {
  instance: '$.detail.instance',
  status: '$.detail.status',
  agent: '$.detail.agent',
  params: '$.detail.params',
  nothing: '$.detail.nothing',
  missing: '$.detail.missing',
};
const renderTemplate = (inputTemplate: string) => render({ arn: 'arn:aws:sns:us-east-2:111122223333:t', inputTemplate, inputPathsMap: PATHS }, EVENT);

describe('plain-text templates', () => {
  test('take each value as its text, and a missing one as nothing', () => {
    expect(renderTemplate('<instance> is in state <status><missing>'))
      .toBe('i-0123456789 is in state RUNNING');
  });

  test('keep a < that opens no known name', () => {
    expect(renderTemplate('1 < 2 and <unknown>')).toBe('1 < 2 and <unknown>');
  });
});

describe('JSON templates', () => {
  test('the API Reference example: a value-position placeholder is quoted, one inside a string is not', () => {
    // '{"myInstance": <instance>,"myStatus": "<instance> is in state \"<status>\""}'
    const rendered = renderTemplate('{"myInstance": <instance>,"myStatus": "<instance> is in state \\"<status>\\""}');
    expect(JSON.parse(rendered)).toEqual({ myInstance: 'i-0123456789', myStatus: 'i-0123456789 is in state "RUNNING"' });
  });

  test('a free-text string in value position comes out escaped, and parses to the value intact', () => {
    const rendered = renderTemplate('{"agent": <agent>}');
    expect(JSON.parse(rendered)).toEqual({ agent: EVENT.detail.agent });
  });

  test('the same string inside a quoted string is not escaped, and breaks the JSON', () => {
    const rendered = renderTemplate('{"agent": "used <agent>"}');
    expect(rendered).toBe(`{"agent": "used ${EVENT.detail.agent}"}`);
    expect(() => JSON.parse(rendered)).toThrow();
  });

  test('objects and null in value position come out as JSON', () => {
    expect(JSON.parse(renderTemplate('{"p": <params>, "n": <nothing>}'))).toEqual({ p: EVENT.detail.params, n: null });
  });

  test('a missing path renders empty inside a string and is refused in value position', () => {
    expect(JSON.parse(renderTemplate('{"a": "[<missing>]"}'))).toEqual({ a: '[]' });
    expect(() => renderTemplate('{"a": <missing>}')).toThrow(/<missing> stands in value position/);
  });

  test('an escaped quote in the template does not end the string, so what follows is still inside it', () => {
    const rendered = renderTemplate('{"a": "x \\" <agent>"}');
    expect(rendered).toContain(`x \\" ${EVENT.detail.agent}`);
  });
});
