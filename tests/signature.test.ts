import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildMetadata,
  checkSignature,
  hmacSha256Hex,
  metadataRow,
  signMetadata,
  unitRows,
} from '../core/contract/index.js';
import { plan2024 } from '../core/plan/plan2024.js';

const SECRET = 'a'.repeat(64);

describe('HMAC-SHA256 in core', () => {
  it('agrees with node:crypto for any key and message', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 150 }), fc.string({ maxLength: 300 }), (key, message) => {
        expect(hmacSha256Hex(key, message)).toBe(createHmac('sha256', key).update(message).digest('hex'));
      }),
      { numRuns: 300 },
    );
  });

  it('matches RFC 4231 test case 2', () => {
    expect(hmacSha256Hex('Jefe', 'what do ya want for nothing?')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });
});

describe('workbook signature', () => {
  const rows = unitRows(plan2024, 'S01');
  const meta = buildMetadata(
    {
      planId: plan2024.id,
      planVersion: plan2024.version,
      planYear: 2024,
      unitCode: 'S01',
      unitName: '市发展改革委',
      period: '2024-05',
      issuedAt: '2024-06-03T00:30:00.000Z',
      deadline: '2024-06-07',
      fingerprint: 'f',
      rows,
      portalUrl: 'https://xyk.example.gov.cn/u/abc',
    },
    SECRET,
  );

  it('is written at issue with a deterministic issue id and the portal address', () => {
    expect(meta.signature).toMatch(/^v1:[0-9a-f]{64}$/);
    expect(meta.issueId).toMatch(/^[0-9a-f]{20}$/);
    expect(meta.portalUrl).toBe('https://xyk.example.gov.cn/u/abc');
    expect(checkSignature(meta, SECRET)).toEqual({ ok: true });
    // Unsigned without a secret; the same inputs give the same id.
    const unsigned = buildMetadata({ ...meta, rows, holidays: [] });
    expect(unsigned.signature).toBe('');
    expect(unsigned.issueId).toBe(meta.issueId);
  });

  it('keeps the rows the add-in stamps where earlier workbooks have them', () => {
    expect(metadataRow('fillerName')).toBe(14);
    expect(metadataRow('checkedAt')).toBe(16);
    expect(metadataRow('signature')).toBe(19);
  });

  it('refuses an edit of any signed field, a missing signature and another secret', () => {
    for (const change of [
      { unitCode: 'S02' },
      { period: '2024-06' },
      { planVersion: meta.planVersion + 1 },
      { issueId: '0'.repeat(20) },
    ]) {
      const check = checkSignature({ ...meta, ...change }, SECRET);
      expect(check.ok, JSON.stringify(change)).toBe(false);
      if (!check.ok) expect(check.code).toBe('forged');
    }
    const unsigned = checkSignature({ ...meta, signature: '' }, SECRET);
    expect(unsigned.ok || unsigned.code).toBe('unsigned');
    expect(checkSignature(meta, 'b'.repeat(64)).ok).toBe(false);
    // A unit re-signing its own edit needs the secret.
    const resigned = signMetadata({ ...meta, unitCode: 'S02' }, 'guess');
    expect(checkSignature({ ...meta, unitCode: 'S02', signature: resigned }, SECRET).ok).toBe(false);
  });
});
