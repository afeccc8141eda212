import { describe, expect, it } from 'vitest';
import { auditSentence, type AuditEntry } from './audit-sentence.ts';

const entry = (type: string, actor: string, data: Record<string, unknown> | null = null): AuditEntry => ({ at: '2024-03-01T10:00:00.000Z', type, actor, data });

describe('an audit entry as a sentence', () => {
  it('says who changed the status from what to what, with the reason, in Bokmål and English', () => {
    const e = entry('status:in-progress', 'staff:kari@nettfokus.no', { from: 'verified', to: 'in-progress', reason: 'Henter data fra CRM', emailSent: false });
    expect(auditSentence(e, 'nb')).toBe('kari@nettfokus.no endret status fra bekreftet til under behandling. Begrunnelse: Henter data fra CRM');
    expect(auditSentence(e, 'en')).toBe('kari@nettfokus.no changed the status from verified to in progress. Reason: Henter data fra CRM');
  });

  it('reads the requester\'s and the system\'s steps, a deadline and a correction', () => {
    expect(auditSentence(entry('received', 'requester', { kind: 'erasure' }), 'nb')).toBe('Den som spurte sendte inn en henvendelse om sletting.');
    expect(auditSentence(entry('code-sent', 'system'), 'en')).toBe('The system sent a confirmation code by email.');
    expect(auditSentence(entry('verified', 'requester', { reference: 'NF-2024-0007', dueAt: '2024-04-01T10:00:00.000Z' }), 'en')).toBe('The requester confirmed the email address; the request got the reference NF-2024-0007.');
    expect(auditSentence(entry('extended', 'staff:ola@nettfokus.no', { from: '2024-04-01T10:00:00.000Z', to: '2024-06-01T10:00:00.000Z', reason: 'Mange systemer', emailSent: true }), 'nb'))
      .toBe('ola@nettfokus.no forlenget fristen til 1. juni 2024. Den som spurte fikk e-post om det. Begrunnelse: Mange systemer');
    expect(auditSentence(entry('rectified', 'staff:ola@nettfokus.no', { field: 'email', old: 'kari@gammel.no', new: 'kari@ny.no', reason: 'Ny adresse' }), 'en'))
      .toBe('ola@nettfokus.no corrected the email address from "kari@gammel.no" to "kari@ny.no". Reason: Ny adresse');
    expect(auditSentence(entry('flag:restricted:on', 'staff:ola@nettfokus.no', { subject: 3, reason: 'Art. 18' }), 'nb')).toBe('ola@nettfokus.no begrenset behandlingen. Begrunnelse: Art. 18');
    expect(auditSentence(entry('flag:objected:off', 'staff:ola@nettfokus.no', null), 'en')).toBe('ola@nettfokus.no lifted the objection to the processing.');
  });

  it('shows an entry it has no sentence for as stored, data included, so nothing is hidden', () => {
    expect(auditSentence(entry('webhook-retried', 'system', { attempt: 3 }), 'nb')).toBe('Systemet: webhook-retried {"attempt":3}');
    expect(auditSentence(entry('status:paused', 'staff:ola@nettfokus.no', { from: 'in-progress' }), 'en')).toBe('ola@nettfokus.no changed the status from in progress to paused.');
  });
});
