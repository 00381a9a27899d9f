"""The guide: the SARA conversation with no screen attached (engine, behaviours, commands, the read model, the plan)."""
