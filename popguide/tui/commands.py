"""Command palette: find scenarios, responses, partners and glossary terms by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

KIND_LABEL = {"scenario": "Problem", "response": "Response", "partner": "Partner", "term": "Glossary"}


class LibraryCommands(Provider):
    async def discover(self) -> Hits:
        app = self.app
        yield DiscoveryHit("New session", app.action_new_session, help="Start a guided SARA session")
        yield DiscoveryHit("Browse the library", app.action_library, help="All problems, with analysis, partners and responses")
        yield DiscoveryHit("Partners directory", app.action_partners, help="Who does what, and their powers")
        yield DiscoveryHit("Data: import and analyse", app.action_data, help="police.uk or your own incident data: counts, trends, hot spots")
        yield DiscoveryHit("Help", app.action_help, help="Keys, commands and how popguide works")

    async def search(self, query: str) -> Hits:
        app = self.app
        matcher = app.workspace.matcher
        for hit in matcher.search(query, limit=15, cutoff=55):
            label = f"{KIND_LABEL[hit.kind]}: {hit.title}"
            help_text = None
            if hit.kind == "response" and hit.scenario_id:
                help_text = f"in {app.workspace.library.scenarios[hit.scenario_id].title}"
            yield Hit(hit.score / 100, label, partial(app.open_hit, hit), help=help_text)
