import { Duration } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/**
 * Operational settings that are not part of any service manifest, in one place so they can be
 * reviewed together. Each value says why it is what it is.
 */

/**
 * Cybersecurity Law of the PRC, Art. 21: network operation logs are kept for at least six
 * months. Applies to function logs, API access logs and S3 server access logs alike.
 */
export const LOG_RETENTION = RetentionDays.SIX_MONTHS;

/** A year of events lets a projection be rebuilt across a whole training/subsidy cycle. */
export const EVENT_ARCHIVE_RETENTION = Duration.days(365);


/**
 * EventBridge → Lambda delivery: failures here are transient (throttling, service errors), so keep
 * retrying for a few hours, then park the event in the subscription's dead-letter queue where the
 * alarm makes it visible the same working day.
 */
export const EVENT_DELIVERY = { retryAttempts: 20, maxEventAge: Duration.hours(6) } as const;

/**
 * Lambda's asynchronous retries of a failed handler: both retries Lambda allows, spaced by its
 * own back-off; a handler that still fails is a bug or a contract violation, not a blip.
 */
export const ASYNC_INVOKE = { retryAttempts: 2, maxEventAge: Duration.hours(6) } as const;

/**
 * Stage-wide limits (requests per second): far above a province's training-season peak, low enough
 * that a runaway client cannot exhaust the account's Lambda concurrency.
 */
export const API_THROTTLE = { rateLimit: 200, burstLimit: 400 } as const;

/** SQS maximum: the longest window operators get to inspect and redrive a dead letter. */
export const DEAD_LETTER_RETENTION = Duration.days(14);
