"""CF421: an (invented) event row gives a date that is no day."""

from ceasefire import import_cameo

import_cameo(
    [{"SQLDATE": "20310931", "Actor1Code": "XAA", "EventCode": "0871"}],
    {
        "columns": {"date": "SQLDATE", "source": "Actor1Code", "code": "EventCode"},
        "parties": {"AA": "XAA"},
        "codes": {"0871": "propose"},
        "proposals": {"truce": {"proposed-by": "AA"}},
    },
)
