"""The model and its simulated time: proposals, lifecycles, negotiations and their engines."""
