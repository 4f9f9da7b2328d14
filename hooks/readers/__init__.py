"""The readers, one per format: pip's requirement-file syntax
(pip_syntax), requirement inputs (requirements), compiled pins (pinfile),
compiled-file headers (header, recorded_paths, compiler_config), TOML
(toml), project metadata (metadata, pyproject, setup_cfg) and the Divio
addons list (addons)."""
