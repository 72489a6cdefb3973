"""Actor resolution: who acts and who is acted upon (country code, PLOVER sector, identity).

    from titfortat.actors import ActorResolver
    ActorResolver.load().resolve("Iraqi police", date=...).entities

Modules: `text` (tokens, phrase matcher), `schema` (dictionary entries), `dictionary`
(loading and indexing the data files), `parts` (reading one conjunct of a mention), `links`
(backers, adversaries, controllers and affiliations: another party named in a mention),
`residence` (where people living abroad live), `places` (towns and provinces), `resolver`
(the rules that give the final actor), `story` (coreference memory), `component` (the spaCy
stage), `validate` (checking user files).
"""

from titfortat.actors.resolver import ActorResolver, Mention, Resolution

__all__ = ["ActorResolver", "Mention", "Resolution"]
