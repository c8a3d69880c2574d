ALTER TABLE "group_jobs" ADD COLUMN "input" jsonb;--> statement-breakpoint
ALTER TABLE "group_jobs" ADD COLUMN "heartbeat_at" timestamp with time zone DEFAULT now();