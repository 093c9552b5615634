import * as z from 'zod';
import { defineEvent } from '../../events/contract';
import { certificateLevelSchema } from '../../validation/training';

const instantSchema = z.iso.datetime({ offset: true });

/** Which subsidy a payable line belongs to (Art. 18/22: to the institution; Art. 29: to the person). */
export const SUBSIDY_KINDS = ['TRAINING_SUBSIDY', 'DIRECT_CERTIFICATE_SUBSIDY'] as const;
export const subsidyKindSchema = z.enum(SUBSIDY_KINDS);
export type SubsidyKind = (typeof SUBSIDY_KINDS)[number];
export const SUBSIDY_KIND_LABELS: Record<SubsidyKind, string> = {
  TRAINING_SUBSIDY: '培训补贴（按证补贴，拨付培训机构）',
  DIRECT_CERTIFICATE_SUBSIDY: '技能提升补贴（证书直补，拨付个人）',
};

/** Who receives the money: an institution's settlement account or a trainee's own account. */
export const payeeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('INSTITUTION'), institutionId: z.string().min(1).max(64) }),
  z.object({ kind: z.literal('TRAINEE'), traineeId: z.string().min(1).max(64) }),
]);
export type Payee = z.infer<typeof payeeSchema>;

/**
 * One approved claim line finished its public disclosure (公示) with no open objection and may be
 * paid. `paymentKey` is unique per payable line and is the key payments pays at most once: the
 * claim id for a direct certificate subsidy, `<claimId>:<lineId>` for a line of a training claim.
 * Delivered at least once and possibly out of order; consumers dedupe by `paymentKey`.
 */
export const claimReadyForPayment = defineEvent({
  source: 'peixun.claims',
  detailType: 'Claim.ReadyForPayment',
  schemaVersion: 1,
  detail: {
    paymentKey: z.string().min(1).max(160),
    claimId: z.string().min(1).max(64),
    lineId: z.string().min(1).max(64),
    subsidyKind: subsidyKindSchema,
    payee: payeeSchema,
    /** The payee's real name (trainee) or registered name (institution): the bank account holder must match it. */
    payeeName: z.string().min(1).max(100),
    amountFen: z.number().int().positive().max(100_000_000_00),
    /** The approving office's area: the finance team of this area pays it. */
    areaCode: z.string().regex(/^\d{6}$/),
    occupationCode: z.string().min(1).max(32),
    occupationName: z.string().min(1).max(100),
    level: certificateLevelSchema,
    certificateNumber: z.string().min(1).max(64),
    institutionId: z.string().min(1).max(64).optional(),
    readyAt: instantSchema,
  },
});

export const CLAIM_PAYMENT_EVENTS = [claimReadyForPayment] as const;
