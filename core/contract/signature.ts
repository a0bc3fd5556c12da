import { hmacSha256Hex } from './hash.js';

/**
 * The workbook's signature: what makes a unit link accept only workbooks the office issued to that
 * unit. The workspace secret lives outside plan.xlsx and never leaves the office's server, so a
 * unit cannot re-sign a workbook whose unit, period, plan version or issue id it has edited.
 */

export interface SignedFields {
  unitCode: string;
  period: string;
  planVersion: number;
  issueId: string;
}

const SCHEME = 'v1';

/** The signed text: one field per line, so no two field lists give the same text. */
export function signaturePayload(fields: SignedFields): string {
  return [
    `creditwork-signature-${SCHEME}`,
    fields.unitCode,
    fields.period,
    fields.planVersion,
    fields.issueId,
  ].join('\n');
}

export function signMetadata(fields: SignedFields, secret: string): string {
  return `${SCHEME}:${hmacSha256Hex(secret, signaturePayload(fields))}`;
}

/** Compares without stopping at the first difference, so timing tells nothing about the signature. */
function sameText(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export type SignatureCheck = { ok: true } | { ok: false; code: 'unsigned' | 'forged'; message: string };

/**
 * Whether the metadata carries the signature the office gave it. Fields are read as the metadata
 * sheet gives them (any may be missing); a missing signature is refused like a wrong one.
 */
export function checkSignature(
  metadata: Partial<SignedFields> & { signature?: string },
  secret: string,
): SignatureCheck {
  const given = String(metadata.signature ?? '').trim();
  if (!given) {
    return {
      ok: false,
      code: 'unsigned',
      message:
        '填报表没有信用办的签名：它不是本系统本年度下发的原表，或隐藏的标识信息被删改。请使用信用办下发给本单位的填报表填报。',
    };
  }
  const expected = signMetadata(
    {
      unitCode: String(metadata.unitCode ?? ''),
      period: String(metadata.period ?? ''),
      planVersion: Number(metadata.planVersion),
      issueId: String(metadata.issueId ?? ''),
    },
    secret,
  );
  if (!sameText(given, expected)) {
    return {
      ok: false,
      code: 'forged',
      message:
        '填报表的签名与信用办下发时不符：表中的单位、期间或版本信息被修改过，或不是信用办下发的原表。请使用信用办下发给本单位的填报表重新填写。',
    };
  }
  return { ok: true };
}
