"""CF417: a cell of an (invented) row is not what its column takes: a month 13."""

from ceasefire import import_cf

import_cf([{"cf_id": "1", "cf_dec_yr": "2001", "cf_dec_month": "13", "cf_dec_day": "-1"}])
