import { ApiProblem } from '../api/client';
import { CHECK_ADVICE, type NextStep } from './check-advice';

export interface CheckOutcome {
  passed: boolean;
  headline: string;
  advice: string;
  next: NextStep;
}

export function outcomeOf(error: unknown): CheckOutcome {
  if (error instanceof ApiProblem) {
    const known = CHECK_ADVICE[error.code];
    if (known !== undefined) return { passed: false, ...known };
    return { passed: false, headline: error.title, advice: error.detail || '请稍后重试，或联系工作人员。', next: 'retry' };
  }
  return { passed: false, headline: '网络连接失败', advice: '请检查网络后重试。', next: 'retry' };
}
