CREATE TABLE "analytics_daily" (
	"org_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"influencer_id" uuid,
	"day" date NOT NULL,
	"views" integer DEFAULT 0 NOT NULL,
	"claims" integer DEFAULT 0 NOT NULL,
	"redemptions" integer DEFAULT 0 NOT NULL,
	"discount" bigint DEFAULT 0 NOT NULL,
	"order_amount" bigint DEFAULT 0 NOT NULL,
	"reversals" integer DEFAULT 0 NOT NULL,
	"reversed_discount" bigint DEFAULT 0 NOT NULL,
	"reversed_order_amount" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_daily_key" UNIQUE NULLS NOT DISTINCT("org_id","campaign_id","day","group_id","influencer_id")
);
--> statement-breakpoint
CREATE TABLE "analytics_delay_daily" (
	"org_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"day" date NOT NULL,
	"bucket" smallint NOT NULL,
	"redemptions" integer DEFAULT 0 NOT NULL,
	"reversals" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_delay_daily_key" UNIQUE("org_id","campaign_id","day","bucket")
);
--> statement-breakpoint
CREATE TABLE "analytics_hourly" (
	"org_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"day" date NOT NULL,
	"hour" smallint NOT NULL,
	"views" integer DEFAULT 0 NOT NULL,
	"claims" integer DEFAULT 0 NOT NULL,
	"redemptions" integer DEFAULT 0 NOT NULL,
	"reversals" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_hourly_key" UNIQUE("org_id","campaign_id","day","hour"),
	CONSTRAINT "analytics_hourly_hour_check" CHECK ("analytics_hourly"."hour" between 0 and 23)
);
--> statement-breakpoint
CREATE TABLE "analytics_rollup_orgs" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"time_zone" text NOT NULL,
	"rolled_until" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_store_daily" (
	"org_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"day" date NOT NULL,
	"redemptions" integer DEFAULT 0 NOT NULL,
	"discount" bigint DEFAULT 0 NOT NULL,
	"order_amount" bigint DEFAULT 0 NOT NULL,
	"reversals" integer DEFAULT 0 NOT NULL,
	"reversed_discount" bigint DEFAULT 0 NOT NULL,
	"reversed_order_amount" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_store_daily_key" UNIQUE("org_id","campaign_id","day","store_id")
);
--> statement-breakpoint
ALTER TABLE "analytics_daily" ADD CONSTRAINT "analytics_daily_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_daily" ADD CONSTRAINT "analytics_daily_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_daily" ADD CONSTRAINT "analytics_daily_group_id_code_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."code_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_delay_daily" ADD CONSTRAINT "analytics_delay_daily_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_delay_daily" ADD CONSTRAINT "analytics_delay_daily_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_hourly" ADD CONSTRAINT "analytics_hourly_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_hourly" ADD CONSTRAINT "analytics_hourly_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_rollup_orgs" ADD CONSTRAINT "analytics_rollup_orgs_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_store_daily" ADD CONSTRAINT "analytics_store_daily_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_store_daily" ADD CONSTRAINT "analytics_store_daily_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analytics_daily_org_day_idx" ON "analytics_daily" USING btree ("org_id","day");--> statement-breakpoint
CREATE INDEX "analytics_delay_daily_org_day_idx" ON "analytics_delay_daily" USING btree ("org_id","day");--> statement-breakpoint
CREATE INDEX "analytics_hourly_org_day_idx" ON "analytics_hourly" USING btree ("org_id","day");--> statement-breakpoint
CREATE INDEX "analytics_store_daily_org_day_idx" ON "analytics_store_daily" USING btree ("org_id","day");--> statement-breakpoint
CREATE INDEX "redemptions_org_reversed_idx" ON "redemptions" USING btree ("org_id","reversed_at") WHERE "redemptions"."reversed_at" is not null;