"""CF418: an (invented) row gives a day but not its month."""

from ceasefire import import_cf

import_cf([{"cf_id": "1", "cf_dec_yr": "2001", "cf_dec_month": "-1", "cf_dec_day": "14"}])
