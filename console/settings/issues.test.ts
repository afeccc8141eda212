import { afterEach, describe, expect, it } from 'vitest';
import { inPageOrder, type FieldIssue } from './issues.ts';

const issue = (path: string, id: string): FieldIssue => ({ path, id, server: 'Invalid input' });

afterEach(() => document.body.replaceChildren());

describe('the order of refused fields', () => {
  it('follows the page, keeps one field\'s issues together in the server\'s order, and puts a field not on the page last', () => {
    document.body.innerHTML = '<form><input id="s-name"><textarea id="s-origins"></textarea><fieldset><input id="s-chat-referencePrefix"></fieldset><input id="s-policy-url"></form>';
    const server = [issue('origins.1', 's-origins'), issue('policy.url', 's-policy-url'), issue('texts.x', 's-texts-x'), issue('origins.0', 's-origins'), issue('chat.referencePrefix', 's-chat-referencePrefix'), issue('name', 's-name')];
    expect(inPageOrder(server).map((i) => i.path)).toEqual(['name', 'origins.1', 'origins.0', 'chat.referencePrefix', 'policy.url', 'texts.x']);
  });
});
