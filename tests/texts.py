"""Scenario texts shared by the test modules."""

HEAD = """\
scenario: test
sources:
  article: {title: An article}
parties:
  UA: {name: Ukraine}
  RU: {name: Russia}
  US: {name: United States, role: mediator}
proposals:
  truce:
    proposed-by: US
    needs: [UA, RU]
    scope: energy-infrastructure
    duration: P30D
events:
"""
"""A scenario up to its events: one 30-day energy truce proposed by the US to UA and RU."""

AGREED = """\
  - date: 2025-03-18
    propose: truce
    source: article
  - date: 2025-03-18
    accept: truce
    by: UA
    source: {ref: article, quote: "both sides agreed"}
  - date: 2025-03-18
    accept: truce
    by: RU
    source: article
"""
"""Events on 18 March 2025: the truce is proposed and both parties accept (lines 15-25)."""

TRUCE = HEAD + AGREED
"""The truce agreed on 18 March 2025; it is in force until the start of 17 April."""
