"""The command palette (ctrl+p): any person or case by name or ID, this screen's actions, and
"New contact / referral" from anywhere (for the roles that may record one)."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from caretui.app import CareApp


NEW_CONTACT = "New contact / referral"
NEW_CONTACT_HELP = "find the person, record the contact and consent (key: N on the dashboard)"


class PeopleAndCases(Provider):
    """People by name (any word order) or ID; enter opens their open case."""

    @property
    def care_app(self) -> CareApp:
        return self.app  # type: ignore[return-value]

    def _screen_actions(self) -> list[tuple[str, str, str]]:
        """(label, action, help) for every shown binding of the current screen."""
        out = []
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if binding.description and active.enabled and binding.show:
                out.append((binding.description, binding.action, f"key: {key}"))
        return out

    def _new_contact(self) -> bool:
        from caretui.rules.permissions import Action, allowed

        actor = self.care_app.actor
        return actor is not None and allowed(actor, Action.RECORD_CONTACT)

    async def discover(self) -> Hits:
        if self._new_contact():
            yield DiscoveryHit(NEW_CONTACT, self._open_new_contact, help=NEW_CONTACT_HELP)
        for label, action, help_text in self._screen_actions():
            yield DiscoveryHit(label, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        app = self.care_app
        matcher = self.matcher(query)
        if self._new_contact() and (score := matcher.match(NEW_CONTACT)) > 0:
            yield Hit(
                score,
                matcher.highlight(NEW_CONTACT),
                self._open_new_contact,
                help=NEW_CONTACT_HELP,
            )
        for label, action, help_text in self._screen_actions():
            score = matcher.match(label)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(label), partial(self._run, action), help=help_text
                )
        if app.actor is None or (len(query.strip()) < 2 and not query.strip().isdigit()):
            return
        from caretui.store.queries import search

        hits = await asyncio.to_thread(
            search.find_people_and_cases, app.store, app.actor, query, 15
        )
        for rank, hit in enumerate(hits):
            yield Hit(
                1.0 - rank / 100,
                f"{hit.label} — {hit.where}",
                partial(self._open, hit.case_id, hit.person_id),
                help=hit.detail,
            )

    def _open_new_contact(self) -> None:
        from caretui.screens.new_contact import open_new_contact

        app = self.care_app
        if app.actor is not None:
            open_new_contact(app.screen, app.store, app.actor)

    async def _run(self, action: str) -> None:
        await self.screen.run_action(action)

    def _open(self, case_id: int | None, person_id: int) -> None:
        """Their open case; with none (or a restricted record), the person record says why."""
        if case_id is None:
            self.care_app.open_person(person_id)
            return
        self.care_app.open_case(case_id)
