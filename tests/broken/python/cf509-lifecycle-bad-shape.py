"""CF509: an action records an answer that is neither a yes nor a no."""

from ceasefire import Action, Lifecycle, Stance, State, Transition

Lifecycle(
    name="talks",
    initial="proposed",
    states=[State("proposed"), State("held", final=True)],
    actions=[Action("hesitate", stance=Stance.PENDING)],
    transitions=[Transition("hesitate", "proposed", "held")],
)
