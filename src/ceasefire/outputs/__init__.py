"""What a replay is shown as: diagrams, charts, reports and data-set exports."""
