import { describe, expect, it } from 'vitest';
import { ConsoleApiError } from '../api/client.ts';
import { en } from '../i18n/en.ts';
import { nb } from '../i18n/nb.ts';
import * as model from './model.ts';

const refused = (error: string, issues?: { path: string; message: string }[]) => new ConsoleApiError(400, { error, message: 'x', ...(issues ? { issues } : {}) });

describe('the webhooks model', () => {
  it('calls an endpoint failing from its first failure in a row, active otherwise', () => {
    expect(model.stateOf({ consecutiveFailures: 0 })).toBe('active');
    expect(model.stateOf({ consecutiveFailures: 1 })).toBe('failing');
  });

  it('shows a next attempt only for a pending delivery, and "now" for a due one', () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    expect(model.nextTry({ state: 'delivered', nextAttemptAt: 0 }, now)).toBeNull();
    expect(model.nextTry({ state: 'failed', nextAttemptAt: now + 5000 }, now)).toBeNull();
    expect(model.nextTry({ state: 'pending', nextAttemptAt: 0 }, now)?.getTime()).toBe(now);
    expect(model.nextTry({ state: 'pending', nextAttemptAt: now + 30_000 }, now)?.getTime()).toBe(now + 30_000);
  });

  it('pins the guard\'s and the schema\'s refusals of the URL to the field, with the server\'s words', () => {
    expect(model.urlRefusal(refused('target_not_public', [{ path: 'url', message: '127.0.0.1 is inside' }]))).toEqual({ code: 'target_not_public', server: '127.0.0.1 is inside' });
    expect(model.urlRefusal(refused('scheme_not_allowed', [{ path: 'url', message: 'https only' }]))?.code).toBe('scheme_not_allowed');
    expect(model.urlRefusal(refused('validation_failed', [{ path: 'url', message: 'Invalid URL' }]))?.code).toBe('invalid_url');
    // Not about the URL: the page's general error says it instead.
    expect(model.urlRefusal(refused('validation_failed', [{ path: 'events', message: 'Too small' }]))).toBeUndefined();
    expect(model.urlRefusal(new ConsoleApiError(409, { error: 'too_many_endpoints', message: 'x' }))).toBeUndefined();
    expect(model.urlRefusal(new Error('network'))).toBeUndefined();
  });

  it('keeps ticked events in the protocol\'s order and says when none is ticked', async () => {
    model.form.events.value = [];
    model.toggleEvent('request.completed', true);
    model.toggleEvent('consent.granted', true);
    model.toggleEvent('cookie.choice', true);
    model.toggleEvent('cookie.choice', false);
    expect(model.form.events.value).toEqual(['consent.granted', 'request.completed']);
    model.form.events.value = [];
    await model.add();
    expect(model.eventsMissing.value).toBe(true);
    model.toggleEvent('consent.granted', true);
    expect(model.eventsMissing.value).toBe(false);
  });

  it('has words for every event in both languages', () => {
    for (const type of model.EVENTS) {
      expect(nb.webhooks.eventNames[type]).toMatch(/\S/);
      expect(en.webhooks.eventNames[type]).toMatch(/\S/);
      expect(en.webhooks.eventNames[type]).not.toBe(nb.webhooks.eventNames[type]);
    }
  });
});
