"""Rules 1-4, 6 and 7, read from the requirements (README.md,
"requirements-fresh"), in the order they are reported: each requirement in
reading order (rule 1 for an addon, rule 2 for your own), the constraints
(rule 2), the addons list (rule 3), the pins nothing needs (rule 4), the
hashes (rule 7), the layers (rule 6)."""
from __future__ import annotations

import os

from hooks.compiled import Compiled
from hooks.finding import Finding
from hooks.readers import addons as addons_mod
from hooks.readers import pinfile
from hooks.readers import requirements
from hooks.rules import rule1_addon_versions
from hooks.rules import rule2_requirements
from hooks.rules import rule3_addons_list
from hooks.rules import rule4_unneeded_pins
from hooks.rules import rule6_layers
from hooks.rules import rule7_hashes
from hooks.rules.path_names import name_paths
from hooks.rules.pin_match import another_branch
from hooks.rules.pin_match import Pins
from hooks.rules.recorded import compiled_for
from hooks.rules.recorded import universal as recorded_universal
from hooks.snapshot import Snapshot


def findings(
        snapshot: Snapshot, project: Compiled, text: str, inputs: list[requirements.InputFile],
        addons: list[addons_mod.Addon], pins: dict[str, pinfile.Pin], divio: bool,
        included: dict[str, tuple[str, pinfile.Pin]] | None = None,
) -> list[Finding]:
    """Every finding of rules 1-4, 6 and 7 on the compiled file ``text``.
    ``divio``: a Divio project, built in Linux Docker (its markers are
    judged for Linux).  ``included``: the pins of the outputs it includes
    (``-r docs.txt``), by name, with the file each stands in: they answer
    its requirements, and are judged in their own file."""
    txt_path = project.output
    python, records_extras, hashes = compiled_for(project, text, txt_path)
    universal, floor = recorded_universal(project, text, txt_path)
    layers = rule6_layers.layer_files(snapshot, inputs)
    found = _requirements(
        inputs, addons, pins, txt_path, os.path.basename(snapshot.root),
        python=python, linux=divio, snapshot=snapshot, records_extras=records_extras,
        layers=frozenset(layers), included=included or {}, universal=universal, floor=floor,
    )
    found += rule7_hashes.hash_findings(pins, txt_path, hashes)
    found += rule6_layers.findings(snapshot, txt_path, pins, layers)
    return found


def _requirements(
        inputs: list[requirements.InputFile],
        addons: list[addons_mod.Addon],
        pins: dict[str, pinfile.Pin],
        txt_path: str,
        root_name: str,
        python: str | None,
        linux: bool,
        snapshot: Snapshot,
        records_extras: bool,
        layers: frozenset[str],
        included: dict[str, tuple[str, pinfile.Pin]],
        universal: bool = False,
        floor: str | None = None,
) -> list[Finding]:
    """Rules 1-4.  ``layers``: the ``-c`` files that are compiled outputs
    themselves (rule 6 judges them).

    ``python``: the Python the header records (hooks.rules.recorded); a
    marker that uses only ``python_version``/``python_full_version`` (and,
    with ``linux``, ``sys_platform``/``platform_system``/``os_name``) is
    evaluated for it (hooks.rules.markers).  ``snapshot``: where the folder
    of a path requirement is read for the name of the distribution it
    holds.  ``records_extras``: the header says the output keeps extras
    (``--no-strip-extras``); else a pin written with extras says so for its
    package only (hooks.rules.pin_match.pin_problem).
    ``universal``: uv's ``--universal`` pinned every environment, from
    Python ``floor`` on (every marker that can hold there is judged).
    A branch of requirements of one name under other markers is not judged
    where another branch is met (hooks.rules.pin_match.another_branch)."""
    reqs = requirements.requirements(inputs, root_name)
    reqs, pins, unnamed = name_paths(reqs, pins, txt_path, root_name, snapshot, linux)
    origin = {name: path for name, (path, _) in included.items() if name not in pins}
    everything = {**{name: pin for name, (_, pin) in included.items()}, **pins}
    pinned = Pins(everything, txt_path, python, linux, records_extras, origin, universal, floor)
    found: list[Finding] = []
    for r in reqs:
        if another_branch(r, reqs, pinned):
            continue
        found += (rule1_addon_versions if r.addon else rule2_requirements).findings(r, pinned)
    found += rule2_requirements.constraint_findings(inputs, layers, root_name, pinned)
    required = {r.name for r in reqs}
    found += rule3_addons_list.findings(addons, everything, required, txt_path)
    found += rule4_unneeded_pins.findings(pins, required | set(origin), unnamed, txt_path)
    return found
