CREATE TABLE "anomaly_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"rule_kind" text NOT NULL,
	"scope_type" text NOT NULL,
	"scope_key" text NOT NULL,
	"group_id" uuid,
	"store_id" uuid,
	"observed" integer NOT NULL,
	"threshold" integer NOT NULL,
	"window_minutes" integer NOT NULL,
	"baseline" double precision,
	"action" text NOT NULL,
	"froze" boolean DEFAULT false NOT NULL,
	"reason" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" uuid
);
--> statement-breakpoint
CREATE TABLE "anomaly_rules" (
	"org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"enabled" boolean NOT NULL,
	"threshold" integer NOT NULL,
	"window_minutes" integer NOT NULL,
	"factor" integer,
	"action" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "anomaly_rules_org_id_kind_pk" PRIMARY KEY("org_id","kind"),
	CONSTRAINT "anomaly_rules_values_check" CHECK ("anomaly_rules"."threshold" >= 1 and "anomaly_rules"."window_minutes" between 1 and 1440 and coalesce("anomaly_rules"."factor", 1) >= 1)
);
--> statement-breakpoint
CREATE TABLE "reconciliation_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"period_kind" text NOT NULL,
	"period_start" date NOT NULL,
	"scope_type" text NOT NULL,
	"scope_id" uuid NOT NULL,
	"totals" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"checked_by" uuid,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reconciliation_checks_statement_key" UNIQUE("org_id","period_kind","period_start","scope_type","scope_id")
);
--> statement-breakpoint
ALTER TABLE "anomaly_alerts" ADD CONSTRAINT "anomaly_alerts_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "anomaly_alerts" ADD CONSTRAINT "anomaly_alerts_group_id_code_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."code_groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "anomaly_alerts" ADD CONSTRAINT "anomaly_alerts_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "anomaly_alerts" ADD CONSTRAINT "anomaly_alerts_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "anomaly_rules" ADD CONSTRAINT "anomaly_rules_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "anomaly_rules" ADD CONSTRAINT "anomaly_rules_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_checks" ADD CONSTRAINT "reconciliation_checks_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_checks" ADD CONSTRAINT "reconciliation_checks_checked_by_users_id_fk" FOREIGN KEY ("checked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "anomaly_alerts_org_time_idx" ON "anomaly_alerts" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "anomaly_alerts_scope_idx" ON "anomaly_alerts" USING btree ("org_id","rule_kind","scope_key","created_at");--> statement-breakpoint
CREATE INDEX "notifications_user_unread_idx" ON "notifications" USING btree ("user_id","org_id") WHERE "notifications"."read" = false;--> statement-breakpoint
CREATE INDEX "claims_org_ip_time_idx" ON "claims" USING btree ("org_id","ip_hash","created_at") WHERE "claims"."ip_hash" is not null;--> statement-breakpoint
CREATE INDEX "claims_org_device_time_idx" ON "claims" USING btree ("org_id","device_id","created_at") WHERE "claims"."device_id" is not null;--> statement-breakpoint
CREATE INDEX "redemptions_group_time_idx" ON "redemptions" USING btree ("group_id","created_at");