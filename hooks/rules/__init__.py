"""The rules of requirements-fresh (README.md, "requirements-fresh"), one
module each, named for what it judges with its number; hooks.check runs
them.  Shared readings: hooks.rules.markers (environment markers),
hooks.rules.versions (version comparison), hooks.rules.locations (URLs and
paths), hooks.rules.path_names (naming path requirements), hooks.rules.environment
(what the header says the rules need) and hooks.rules.pin_match (a pin
against the requirement it serves, for rules 1 and 2)."""
