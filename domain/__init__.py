"""Pure rules of open-government work: events, state, decisions, working-day arithmetic."""
