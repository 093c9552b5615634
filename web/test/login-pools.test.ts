import { describe, expect, it } from 'vitest';
import { loginOf, type ConsoleConfig } from '../src/auth/config-schema';

const staff = { domain: 'https://peixun-1.auth.cn-north-1.amazoncognito.com', clientId: 'staff-client', scopes: ['openid', 'profile'] };
const trainee = { domain: 'https://peixun-trainee-1.auth.cn-north-1.amazoncognito.com', clientId: 'trainee-client', apiBase: 'https://trainee.execute-api' };

describe('sign-in per user pool (staff: MFA required; trainees: MFA optional)', () => {
  it("a trainee signs in to the trainee pool's login and calls the trainee API; staff to theirs", () => {
    const config: ConsoleConfig = { apiBase: 'https://staff.execute-api', auth: { kind: 'cognito', ...staff, trainee } };
    expect(loginOf(config, 'trainee')).toEqual({ domain: trainee.domain, clientId: 'trainee-client', scopes: staff.scopes, apiBase: 'https://trainee.execute-api' });
    expect(loginOf(config, 'staff')).toEqual({ ...staff, apiBase: 'https://staff.execute-api' });
  });

  it('without a trainee pool everyone uses the one login; with the dev issuer there is none', () => {
    const single: ConsoleConfig = { apiBase: 'https://staff.execute-api', auth: { kind: 'cognito', ...staff } };
    expect(loginOf(single, 'trainee')).toEqual({ ...staff, apiBase: 'https://staff.execute-api' });
    expect(loginOf({ apiBase: '', auth: { kind: 'dev' } }, 'trainee')).toBeUndefined();
  });
});
