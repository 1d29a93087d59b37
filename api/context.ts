import type { ErrorCode } from './error-codes.ts';

/**
 * Hono environment of the API: per-request values set by middleware and routes and read by the
 * access log. Nothing here may hold request bodies or contact data.
 */
export interface ApiEnv {
  Variables: {
    /** Tracking number of the report the request created or looked up, for the access log. */
    trackingNumber?: string;
    /** Error code the request ended with, for the access log. */
    errorCode?: ErrorCode;
    /** The response was replayed from an earlier request with the same Idempotency-Key. */
    replayed?: boolean;
    /** The validated Idempotency-Key header. */
    idempotencyKey: string;
  };
}
