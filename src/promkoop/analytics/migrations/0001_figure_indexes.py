"""Indexes the analytics queries need on other apps' tables (RunSQL: the models stay as their apps
define them). Covering indexes, so a year of 100,000 deals is counted from the index alone:
- deals by start date with the regions, the stage and the need (deals by stage, per region, per pair;
  needs answered by a deal);
- deals by contract date with the regions and the value (contract value);
- deal history by time with the deal (organizations engaged: deals that moved in the period);
- needs by publication time, responses by time (needs posted, needs answered, engaged).
"""
from django.db import migrations

INDEXES = [
    ("analytics_deal_started_cover", "deals_deal",
     "started_on, buyer_region_id, supplier_region_id, stage, origin_need_id"),
    ("analytics_deal_contract_cover", "deals_deal",
     "contract_date, buyer_region_id, supplier_region_id, contract_value_rub"),
    ("analytics_dealevent_at_deal", "deals_dealevent", "at, deal_id"),
    ("analytics_need_published", "cooperation_need", "published_at, organization_id"),
    ("analytics_response_created", "cooperation_response", "created_at, need_id, organization_id"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("deals", "0001_initial"),
        ("cooperation", "0003_notification_link_matchproposal"),
    ]

    operations = [
        migrations.RunSQL(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})",
                          reverse_sql=f"DROP INDEX IF EXISTS {name}")
        for name, table, columns in INDEXES
    ]
