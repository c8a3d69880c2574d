CREATE TABLE "group_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"name" text NOT NULL,
	"quantity" integer NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"error" text,
	"group_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "group_jobs" ADD CONSTRAINT "group_jobs_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_jobs" ADD CONSTRAINT "group_jobs_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_jobs" ADD CONSTRAINT "group_jobs_group_id_code_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."code_groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_jobs" ADD CONSTRAINT "group_jobs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "group_jobs_campaign_idx" ON "group_jobs" USING btree ("org_id","campaign_id","created_at");--> statement-breakpoint
CREATE INDEX "codes_group_status_seq_idx" ON "codes" USING btree ("group_id","status","seq");--> statement-breakpoint
CREATE INDEX "codes_group_claimed_idx" ON "codes" USING btree ("group_id","claimed_at","id") WHERE "codes"."claimed_at" is not null;--> statement-breakpoint
CREATE INDEX "codes_group_redeemed_idx" ON "codes" USING btree ("group_id","redeemed_at","id") WHERE "codes"."redeemed_at" is not null;