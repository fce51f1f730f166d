"""The privacy statement (/privacy) says what the register stores and keeps: the aanvragen (the
Matchingsformulier), the evidence documents and what a signed statement shows."""

from __future__ import annotations

import re


def _tekst(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


async def test_the_privacy_statement_names_the_aanvraag_the_documents_and_the_named_statement(client):
    response = await client.get("/privacy")
    assert response.status_code == 200
    tekst = _tekst(response.text)
    for woorden in (
        "Matchingsformulier",
        "werknemerprofiel",
        "beperkingen in functioneren",
        "werkprofiel",
        "coachingsdoelen",
        "de gemeente aan wie zij is gericht zodra de aanvraag is ingediend",
        "Aanvragen worden bewaard",
        "Bewijsstukken",
        "verwijderd (het document en het bestand) zodra de jobcoach wordt uitgeschreven",
        "noemt de jobcoach met naam en registratienummer",
    ):
        assert woorden in tekst, woorden
    # an aanvraag may describe health; the statement no longer says the register holds no medical data
    assert "alleen bij registratienummer" not in tekst
    assert "geen medische gegevens" not in tekst
