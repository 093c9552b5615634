import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
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
 * Who may call the API. Accounts are created by administrators (trainees are registered by their
 * institution under their real name), roles are Cognito groups that arrive as `cognito:groups`,
 * and the institution / administrative area a staff member acts for are custom attributes.
 */
export interface UserDirectoryProps {
  /** The web console's origin (`https://…`): Cognito's managed login sends people back there only. */
  readonly consoleOrigin: string;
}

/** The scopes the console asks for; the ID token it receives carries the groups and custom attributes. */
export const CONSOLE_SCOPES = ['openid', 'profile'] as const;

export class UserDirectory extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  /** Cognito's managed login, where the console sends people to sign in (authorization code + PKCE). */
  readonly domain: UserPoolDomain;

  constructor(scope: Construct, id: string, { consoleOrigin }: UserDirectoryProps) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      signInCaseSensitive: false,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // One pool holds reviewers who approve subsidies and finance staff who pay them out; Cognito
      // cannot require MFA per group, so it is required for everyone (TOTP: no SMS dependency).
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      // Plus tier: compromised-credential detection and adaptive (risk-based) blocking of sign-ins.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      // No self-service channel: administrators reset passwords, as they create accounts.
      accountRecovery: AccountRecovery.NONE,
      userInvitation: {
        emailSubject: '职业技能培训补贴平台账号已开通',
        emailBody: '您的账号已开通。用户名：{username}，临时密码：{####}。首次登录时请修改密码并绑定身份验证器。',
        smsMessage: '培训补贴平台账号已开通。用户名：{username}，临时密码：{####}',
      },
      userVerification: {
        emailSubject: '职业技能培训补贴平台验证码',
        emailBody: '您的验证码为 {####}，请勿告诉他人。',
        smsMessage: '您的验证码为 {####}，请勿告诉他人。',
      },
      customAttributes: {
        [INSTITUTION_ID]: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        // Administrative division code: 6 digits (county) up to 12 (village).
        [AREA_CODE]: new StringAttribute({ minLen: 6, maxLen: 12, mutable: true }),
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const role of ROLES) {
      this.userPool.addGroup(`Group-${role}`, { groupName: role, description: ROLE_LABELS[role] });
    }

    // The prefix must be unique in the region; the account id makes it so without a setting.
    this.domain = this.userPool.addDomain('Login', { cognitoDomain: { domainPrefix: `peixun-${Aws.ACCOUNT_ID}` } });

    this.client = this.userPool.addClient('WebClient', {
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
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ fullname: true, locale: true, timezone: true })
        .withCustomAttributes(INSTITUTION_ID, AREA_CODE),
      // Users must not move themselves to another institution or area: the custom attributes are
      // readable but only administrators (AdminUpdateUserAttributes) may write them.
      writeAttributes: new ClientAttributes().withStandardAttributes({ locale: true, timezone: true }),
    });
  }
}
