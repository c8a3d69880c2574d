ALTER TABLE "api_keys" ADD COLUMN "store_ids" uuid[];--> statement-breakpoint
ALTER TABLE "code_groups" ADD COLUMN "redeemed_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "redemptions" ADD COLUMN "influencer_id" uuid;--> statement-breakpoint
ALTER TABLE "redemptions" ADD COLUMN "consumer_id" uuid;--> statement-breakpoint
ALTER TABLE "redemptions" ADD COLUMN "balance_after" integer;--> statement-breakpoint
ALTER TABLE "redemptions" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_influencer_id_influencers_id_fk" FOREIGN KEY ("influencer_id") REFERENCES "public"."influencers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_consumer_id_consumers_id_fk" FOREIGN KEY ("consumer_id") REFERENCES "public"."consumers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "code_groups" ADD CONSTRAINT "code_groups_redeemed_check" CHECK ("code_groups"."redeemed_count" >= 0);