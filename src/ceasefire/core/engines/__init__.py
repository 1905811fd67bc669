"""The engines that step proposals through a lifecycle's table."""
