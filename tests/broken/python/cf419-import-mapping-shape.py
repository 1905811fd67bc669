"""CF419: an (invented) mapping gives a code that is no CAMEO code (no root 21)."""

from ceasefire import import_cameo

import_cameo(
    [{"SQLDATE": "20310902", "Actor1Code": "XAA", "EventCode": "196"}],
    {
        "columns": {"date": "SQLDATE", "source": "Actor1Code", "code": "EventCode"},
        "parties": {"AA": "XAA"},
        "codes": {"2196": "violate"},
        "proposals": {"truce": {"proposed-by": "AA"}},
    },
)
