"""The analysis tool kit: a force's own incident data and police.uk data, read and explained.

- ``store``: datasets (one DuckDB file each under the user's data folder), list, show, delete;
- ``importer``: police.uk street-level, outcomes and stop-and-search files, and a force's own export;
- ``analyses``: the registry of analyses (profile, trend, emerging, hotspots, repeats, times);
- ``charts``: offline SVG charts for the plan; ``guide``: the figures the guided conversation uses.
"""
