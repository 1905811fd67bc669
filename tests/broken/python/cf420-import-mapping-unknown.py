"""CF420: an (invented) mapping maps a code to an action no lifecycle has."""

from ceasefire import import_cameo

import_cameo(
    [{"SQLDATE": "20310902", "Actor1Code": "XAA", "EventCode": "196"}],
    {
        "columns": {"date": "SQLDATE", "source": "Actor1Code", "code": "EventCode"},
        "parties": {"AA": "XAA"},
        "codes": {"196": "break"},
        "proposals": {"truce": {"proposed-by": "AA"}},
    },
)
