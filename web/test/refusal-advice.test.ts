import { fileDirectClaimRoute, implicitErrors } from '@peixun/shared';
import { describe, expect, it } from 'vitest';
import { REFUSAL_ADVICE, refusalOf } from '../src/claims/refusal-advice';

/**
 * Every way the service can refuse a direct certificate-subsidy claim, as the route contract lists
 * it, reaches the trainee as plain Chinese: the service's explanation, the rule with its article
 * where the guideline has one, and what to do now. No person is left with a code.
 */
describe('direct-claim refusals in plain Chinese (Art. 22, 29)', () => {
  const implicit = new Set(implicitErrors(fileDirectClaimRoute).map((error) => error.code));
  const codes = fileDirectClaimRoute.errors.map((error) => error.code).filter((code) => !implicit.has(code) || code === 'NOT_FOUND');

  it.each(codes)('%s has a next step in Chinese', (code) => {
    const advice = REFUSAL_ADVICE[code];
    expect(advice, `no advice for ${code}`).toBeDefined();
    expect(advice?.next).toMatch(/\p{Script=Han}/u);
  });

  it.each([
    ['CLAIM_ALREADY_SUBSIDISED', /只能享受一次/],
    ['CLAIM_PAST_DEADLINE', /一年内/],
    ['CLAIM_HIGHER_LEVEL_HELD', /较高等级/],
    ['CLAIM_LIMIT_REACHED', /最多享受 3 次/],
    ['CLAIM_ROUTE_TO_SKILL_UPGRADE', /技能提升补贴/],
  ])('Art. 29: %s names its rule and article', (code, rule) => {
    expect(REFUSAL_ADVICE[code]?.rule).toMatch(rule);
    expect(REFUSAL_ADVICE[code]?.article).toBe('第二十九条');
  });

  it('Art. 29: an insured employee is pointed to where the skill-upgrade subsidy is claimed', () => {
    expect(REFUSAL_ADVICE.CLAIM_ROUTE_TO_SKILL_UPGRADE?.next).toMatch(/社保/);
  });

  it("Art. 22: a self-declared certificate not yet verified tells the person to wait for the reviewer's check", () => {
    expect(REFUSAL_ADVICE.CERTIFICATE_NOT_VERIFIED).toMatchObject({ article: '第二十二条', next: expect.stringMatching(/核验/) });
  });

  it("keeps the service's own explanation (dates, occupation, period) and adds the advice", () => {
    const problem = { code: 'CLAIM_PAST_DEADLINE', title: '已超过申领期限', detail: '证书发证日期为 2024-03-01，应在一年内（2025-03-01 前，含当日）申领证书直补（第二十九条）。' };
    expect(refusalOf(problem, '')).toEqual({ code: 'CLAIM_PAST_DEADLINE', headline: '已超过申领期限', detail: problem.detail, ...REFUSAL_ADVICE.CLAIM_PAST_DEADLINE });
  });

  it('an unknown code still reads as Chinese, and a network failure says to retry', () => {
    expect(refusalOf({ code: 'INTERNAL', title: '服务暂时不可用', detail: '请稍后再试。' }, '').next).toMatch(/\p{Script=Han}/u);
    expect(refusalOf(undefined, '网络连接失败，请检查网络后重试。')).toMatchObject({ code: 'NETWORK', detail: '网络连接失败，请检查网络后重试。' });
  });
});
