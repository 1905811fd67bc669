"""CF502: a lifecycle defines a state twice."""

from ceasefire import Action, Lifecycle, State, Transition

Lifecycle(
    name="talks",
    initial="proposed",
    states=[State("proposed"), State("held", final=True), State("held", final=True)],
    actions=[Action("meet")],
    transitions=[Transition("meet", "proposed", "held")],
)
