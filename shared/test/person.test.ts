import { describe, expect, it } from 'vitest';
import { chineseNameSchema, fenSchema, formatYuan, maskMobileNumber, mobileNumberSchema, targetGroupSchema } from '../src/validation/person';

describe('person fields', () => {
  it.each(['张三', '欧阳娜娜', '阿依古丽·买买提', '王Lily'])('accepts the name %s', (name) => {
    expect(chineseNameSchema.safeParse(name).success).toBe(true);
  });

  it.each(['张', '·张三', '张三·', '张3', 'Robert"); DROP TABLE'])('rejects the name %s with a Chinese message', (name) => {
    const result = chineseNameSchema.safeParse(name);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('姓名');
  });

  it('accepts mainland mobile numbers and refuses others', () => {
    expect(mobileNumberSchema.safeParse('13812345678').success).toBe(true);
    expect(mobileNumberSchema.safeParse('12812345678').success).toBe(false);
    expect(mobileNumberSchema.safeParse('1381234567').success).toBe(false);
    expect(maskMobileNumber('13812345678')).toBe('138****5678');
  });

  it('Art. 15: knows the six target groups and the further groups, and nothing else', () => {
    expect(targetGroupSchema.safeParse('RURAL_MIGRANT_WORKER').success).toBe(true);
    expect(targetGroupSchema.safeParse('VETERAN').success).toBe(true);
    const unknown = targetGroupSchema.safeParse('TOURIST');
    expect(unknown.success).toBe(false);
    expect(unknown.error?.issues[0]?.message).toContain('第十五条');
  });

  it('keeps money in integer fen and formats it as yuan for people', () => {
    expect(fenSchema.safeParse(150_000).success).toBe(true);
    expect(fenSchema.safeParse(1500.5).success).toBe(false);
    expect(fenSchema.safeParse(-1).success).toBe(false);
    expect(formatYuan(123_456_789)).toBe('¥1,234,567.89');
    expect(formatYuan(5)).toBe('¥0.05');
  });
});
