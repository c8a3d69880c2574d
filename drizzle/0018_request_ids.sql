ALTER TABLE "audit_logs" ADD COLUMN "request_id" text DEFAULT nullif(current_setting('coupon.request_id', true), '');--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "request_id" text DEFAULT nullif(current_setting('coupon.request_id', true), '');--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "request_id" text;