"""The readers, one per format: pip requirement files (syntax, inputs,
pinned outputs), compiled-file headers, TOML and project metadata, the
Divio addons list."""
