"""Shared test settings: Hypothesis profiles that do not flake on a busy machine."""

from hypothesis import HealthCheck, settings

settings.register_profile(
    "default",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("long", parent=settings.get_profile("default"), max_examples=2000)
settings.load_profile("default")
