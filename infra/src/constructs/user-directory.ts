import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolProps,
  OAuthScope,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Aws } from 'aws-cdk-lib';
import { CLAIMS, ROLES, ROLE_LABELS } from '@peixun/shared';
import { Construct } from 'constructs';

/** `custom:institution_id` → `institution_id`: Cognito adds the prefix to the attribute name itself. */
const customAttribute = (claim: string): string => claim.replace(/^custom:/, '');
const INSTITUTION_ID = customAttribute(CLAIMS.institutionId);
const AREA_CODE = customAttribute(CLAIMS.areaCode);

/**
 * Who may call the API, in two user pools because Cognito sets MFA per pool, not per group:
 * - staff (schools, reviewers, finance, evaluators, administrators): TOTP MFA required — they
 *   approve and pay out subsidies; roles are groups (`cognito:groups`), the institution and the
 *   administrative area they act for are custom attributes only administrators write;
 * - trainees: TOTP optional (many sign in once or twice from a phone; a required authenticator app
 *   would keep them out), the `trainee` group and nothing else, no custom attributes. A trainee
 *   pool token can never carry a staff role, since the pool has no other group.
 * Accounts in both are created by administrators (trainees are registered by their institution
 * under their real name).
 */
export interface UserDirectoryProps {
  /** The web console's origin (`https://…`): Cognito's managed login sends people back there only. */
  readonly consoleOrigin: string;
}

/** The scopes the console asks for; the ID token it receives carries the groups and custom attributes. */
export const CONSOLE_SCOPES = ['openid', 'profile'] as const;

/** The one role the trainee pool knows. */
export const TRAINEE_ROLE = 'trainee';

/** One pool with its managed login and the console's client (authorization code + PKCE). */
export interface UserLogin {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  /** Cognito's managed login, where the console sends people to sign in (authorization code + PKCE). */
  readonly domain: UserPoolDomain;
}

const PASSWORD_POLICY: UserPoolProps['passwordPolicy'] = {
  minLength: 12,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
  tempPasswordValidity: Duration.days(3),
};

/** What both pools share: admin-created accounts, strong passwords, TOTP only (no SMS dependency), Plus tier threat protection. */
function poolProps(mfa: Mfa, customAttributes: UserPoolProps['customAttributes']): UserPoolProps {
  return {
    selfSignUpEnabled: false,
    signInAliases: { username: true },
    signInCaseSensitive: false,
    passwordPolicy: PASSWORD_POLICY,
    mfa,
    mfaSecondFactor: { otp: true, sms: false },
    // Plus tier: compromised-credential detection and adaptive (risk-based) blocking of sign-ins.
    featurePlan: FeaturePlan.PLUS,
    standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
    // No self-service channel: administrators reset passwords, as they create accounts.
    accountRecovery: AccountRecovery.NONE,
    userInvitation: {
      emailSubject: '职业技能培训补贴平台账号已开通',
      emailBody:
        mfa === Mfa.REQUIRED
          ? '您的账号已开通。用户名：{username}，临时密码：{####}。首次登录时请修改密码并绑定身份验证器。'
          : '您的账号已开通。用户名：{username}，临时密码：{####}。首次登录时请修改密码；建议绑定身份验证器。',
      smsMessage: '培训补贴平台账号已开通。用户名：{username}，临时密码：{####}',
    },
    userVerification: {
      emailSubject: '职业技能培训补贴平台验证码',
      emailBody: '您的验证码为 {####}，请勿告诉他人。',
      smsMessage: '您的验证码为 {####}，请勿告诉他人。',
    },
    ...(customAttributes === undefined ? {} : { customAttributes }),
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  };
}

function addConsoleClient(pool: UserPool, consoleOrigin: string, customAttributes: readonly string[]): UserPoolClient {
  return pool.addClient('WebClient', {
    // A browser / mini-program client: no secret it could not keep, SRP so no password crosses the
    // wire; the console signs in through the managed login with the code grant (PKCE, public client).
    generateSecret: false,
    authFlows: { userSrp: true },
    oAuth: {
      flows: { authorizationCodeGrant: true },
      scopes: CONSOLE_SCOPES.map((scope) => OAuthScope.custom(scope)),
      callbackUrls: [`${consoleOrigin}/login/callback`],
      logoutUrls: [`${consoleOrigin}/login`],
    },
    preventUserExistenceErrors: true,
    enableTokenRevocation: true,
    readAttributes: new ClientAttributes().withStandardAttributes({ fullname: true, locale: true, timezone: true }).withCustomAttributes(...customAttributes),
    // Users must not move themselves to another institution or area: the custom attributes are
    // readable but only administrators (AdminUpdateUserAttributes) may write them.
    writeAttributes: new ClientAttributes().withStandardAttributes({ locale: true, timezone: true }),
  });
}

export class UserDirectory extends Construct {
  /** Staff: every role but trainee, TOTP MFA required. */
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  /** Trainees: the trainee role only, TOTP MFA optional. */
  readonly trainees: UserLogin;

  constructor(scope: Construct, id: string, { consoleOrigin }: UserDirectoryProps) {
    super(scope, id);

    this.userPool = new UserPool(
      this,
      'UserPool',
      poolProps(Mfa.REQUIRED, {
        [INSTITUTION_ID]: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        // Administrative division code: 6 digits (county) up to 12 (village).
        [AREA_CODE]: new StringAttribute({ minLen: 6, maxLen: 12, mutable: true }),
      }),
    );
    for (const role of ROLES.filter((candidate) => candidate !== TRAINEE_ROLE)) {
      this.userPool.addGroup(`Group-${role}`, { groupName: role, description: ROLE_LABELS[role] });
    }
    // The prefix must be unique in the region; the account id makes it so without a setting.
    this.domain = this.userPool.addDomain('Login', { cognitoDomain: { domainPrefix: `peixun-${Aws.ACCOUNT_ID}` } });
    this.client = addConsoleClient(this.userPool, consoleOrigin, [INSTITUTION_ID, AREA_CODE]);

    const traineePool = new UserPool(this, 'TraineePool', poolProps(Mfa.OPTIONAL, undefined));
    traineePool.addGroup(`Group-${TRAINEE_ROLE}`, { groupName: TRAINEE_ROLE, description: ROLE_LABELS[TRAINEE_ROLE] });
    Validations.of(traineePool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'Trainees only: TOTP is offered and enforced for every trainee who binds an authenticator, but not required — many trainees sign in a few times from a phone during one course, and a required authenticator app would shut them out. Staff, who approve and pay subsidies, are in the other pool with MFA required.',
    });
    this.trainees = {
      userPool: traineePool,
      domain: traineePool.addDomain('Login', { cognitoDomain: { domainPrefix: `peixun-trainee-${Aws.ACCOUNT_ID}` } }),
      client: addConsoleClient(traineePool, consoleOrigin, []),
    };
  }
}
