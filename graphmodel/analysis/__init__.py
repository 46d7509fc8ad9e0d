"""NetworkX analyses: the projection from the store, coverage, formation plan, clusters."""
