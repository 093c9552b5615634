import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, loggableContext, redactPii } from '../src/logger';

describe('PII redaction in logs', () => {
  afterEach(() => vi.restoreAllMocks());

  it('masks resident ID numbers, mobile numbers and bank card numbers inside any string', () => {
    expect(redactPii('id 52210219900101123X, tel 13812345678, card 6222020200112233445')).toBe(
      'id 522***********123X, tel 138****5678, card 6222********3445',
    );
  });

  it('leaves short numbers such as amounts and years alone', () => {
    expect(redactPii('paid 150000 fen in 2026')).toBe('paid 150000 fen in 2026');
  });

  it('never writes an ID number in clear through the Powertools logger', () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const logger = createLogger('test');
    logger.setLogLevel('INFO');
    logger.info('registered 11010519491231002X', { person: { idNumber: '11010519491231002X', phone: '13912345678' } });
    const written = lines.join('');
    expect(written).toContain('110***********002X');
    expect(written).not.toContain('11010519491231002X');
    expect(written).not.toContain('13912345678');
  });

  it('masks names in name fields as the public lists do (issue 13)', () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const logger = createLogger('test');
    logger.setLogLevel('INFO');
    logger.info('account registered', { person: { name: '欧阳小明', accountHolder: '王五', traineeName: '李四' } });
    const written = lines.join('');
    expect(written).toContain('欧**明');
    expect(written).toContain('王*');
    expect(written).not.toMatch(/欧阳小明|王五|李四/);
  });

  it('keeps a logged error\'s class name readable, and still masks a person\'s name written in Latin letters', () => {
    const lines: string[] = [];
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      });
    }
    const logger = createLogger('test');
    logger.setLogLevel('INFO');
    class GetParameterError extends Error {
      override name = 'GetParameterError';
    }
    logger.error('unexpected failure', new GetParameterError('connect ECONNREFUSED'));
    logger.info('account registered', { person: { name: 'Aygul Tursun' } });
    const [failure, registered] = lines.map((line) => JSON.parse(line) as Record<string, Record<string, unknown>>);
    expect(failure!.error!.name).toBe('GetParameterError');
    expect(JSON.stringify(registered)).not.toContain('Aygul Tursun');
  });

  it('a refusal\'s context keeps ids and codes and leaves out free text that may quote a name (issue 13)', () => {
    expect(loggableContext({ article: 'Art. 18', subjects: ['trn_1'], violations: [{ code: 'X', message: '学员张三已在其他班次' }], count: 3 })).toEqual({
      article: 'Art. 18',
      subjects: ['trn_1'],
      violations: [{ code: 'X', message: '[text omitted]' }],
      count: 3,
    });
  });
});
