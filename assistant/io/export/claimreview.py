"""schema.org ClaimReview JSON-LD for each reviewed claim, as fact-checkers publish them."""

from __future__ import annotations

import json
from typing import Any, TextIO

from assistant.core.models import Decision
from assistant.io.export import ExportOptions, exporter
from assistant.io.export.model import Export, ExportClaim, ExportReport, safe_url

# The rating scale: 1 (false) to 5 (true); alternateName is what readers see.
RATINGS = {Decision.VERIFIED: (5, "Verified"), Decision.DISPUTED: (1, "Disputed")}


def _url(options: ExportOptions, claim_id: str) -> str:
    base = options.base_url.rstrip("#")
    # Without a base URL the review still needs an address: a URN that names the claim.
    return f"{base}#{claim_id}" if base else f"urn:tally:claim:{claim_id}"


def claim_review(report: ExportReport, item: ExportClaim, options: ExportOptions) -> dict[str, Any]:
    """One ClaimReview object."""
    review = item.review
    assert review is not None
    value, label = RATINGS[review.decision]
    claim = item.claim
    author_name = claim.source or report.outlet or "unknown"
    appearance: dict[str, Any] = {"@type": "CreativeWork", "headline": report.title}
    url = safe_url(report.url)
    if url:
        appearance["url"] = url
    if report.published:
        appearance["datePublished"] = report.published.isoformat()
    item_reviewed: dict[str, Any] = {
        "@type": "Claim",
        "author": {"@type": "Organization", "name": author_name},
        "appearance": appearance,
    }
    if report.published:
        item_reviewed["datePublished"] = report.published.isoformat()
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": _url(options, claim.id),
        "claimReviewed": claim.quote,
        "datePublished": review.at.date().isoformat(),
        "author": {"@type": "Organization", "name": options.organisation},
        "itemReviewed": item_reviewed,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": label,
            **({"ratingExplanation": review.note} if review.note else {}),
        },
        "inLanguage": report.language,
        "identifier": claim.id,
    }


def claim_reviews(data: Export, options: ExportOptions) -> list[dict[str, Any]]:
    """ClaimReviews of every claim with a decision, in report order."""
    return [
        claim_review(report, item, options)
        for report in data.reports
        for item in report.claims
        if item.review is not None and item.review.decision in RATINGS
    ]


@exporter("claimreview", ".jsonld", "schema.org ClaimReview JSON-LD for each reviewed claim")
def write_claimreview(data: Export, out: TextIO, options: ExportOptions) -> None:
    """A JSON array of ClaimReview objects."""
    out.write(json.dumps(claim_reviews(data, options), ensure_ascii=False, indent=2) + "\n")
