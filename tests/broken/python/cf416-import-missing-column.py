"""CF416: rows to import lack a column the importer needs (the declaration's day)."""

from ceasefire import import_cf

import_cf([{"cf_id": "1", "cf_dec_yr": "2001", "cf_dec_month": "3"}])
