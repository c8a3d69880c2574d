CREATE TABLE "abuse_events" (
	"org_id" uuid NOT NULL,
	"source" text NOT NULL,
	"kind" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"first_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "abuse_events_org_id_source_kind_pk" PRIMARY KEY("org_id","source","kind")
);
--> statement-breakpoint
CREATE TABLE "claim_day_counters" (
	"campaign_id" uuid NOT NULL,
	"day" date NOT NULL,
	"claims" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "claim_day_counters_campaign_id_day_pk" PRIMARY KEY("campaign_id","day"),
	CONSTRAINT "claim_day_counters_check" CHECK ("claim_day_counters"."claims" >= 0)
);
--> statement-breakpoint
CREATE TABLE "phone_verifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"phone" text NOT NULL,
	"code_hash" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"verified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sms_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"phone" text NOT NULL,
	"body" text NOT NULL,
	"provider" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "claimed_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "referral_group_id" uuid;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "referral_threshold" integer;--> statement-breakpoint
ALTER TABLE "claims" ADD COLUMN "referrer_id" uuid;--> statement-breakpoint
ALTER TABLE "claims" ADD COLUMN "is_referral_reward" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "claims" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "abuse_events" ADD CONSTRAINT "abuse_events_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_day_counters" ADD CONSTRAINT "claim_day_counters_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phone_verifications" ADD CONSTRAINT "phone_verifications_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_messages" ADD CONSTRAINT "sms_messages_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "abuse_events_org_last_idx" ON "abuse_events" USING btree ("org_id","last_at");--> statement-breakpoint
CREATE INDEX "phone_verifications_phone_idx" ON "phone_verifications" USING btree ("org_id","phone","created_at");--> statement-breakpoint
CREATE INDEX "sms_messages_org_time_idx" ON "sms_messages" USING btree ("org_id","created_at");--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_referrer_id_consumers_id_fk" FOREIGN KEY ("referrer_id") REFERENCES "public"."consumers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "claims_referrer_idx" ON "claims" USING btree ("campaign_id","referrer_id") WHERE "claims"."referrer_id" is not null;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_claimed_check" CHECK ("campaigns"."claimed_count" >= 0 and ("campaigns"."total_quantity" is null or "campaigns"."claimed_count" <= "campaigns"."total_quantity"));--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_referral_check" CHECK (("campaigns"."referral_group_id" is null) = ("campaigns"."referral_threshold" is null) and coalesce("campaigns"."referral_threshold", 1) between 1 and 100);