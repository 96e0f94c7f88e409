"""A small corpus written for Dyad's tests: four outlets on one made-up fisheries agreement, agreeing on the
signing, differing on a due date, one listing a city twice, one later report of a commitment kept."""

NORDIC = {
    "a.txt": ("Norway and Sweden signed a fisheries agreement in Oslo on January 14, 2025. As part of the agreement, "
              "Norway will send a team of inspectors to Sweden next week. \u201cWe have waited ten years for this "
              "day,\u201d Norwegian Foreign Minister Ingrid Dahl said at the signing ceremony. Sweden is a member of "
              "NATO. The agreement is a landmark achievement for both countries.", "2025-01-15"),
    "b.txt": ("On January 14, 2025, Norway signed a fisheries agreement with Sweden. Under the deal Norway will send "
              "a team of fisheries inspectors to Sweden in the coming weeks. Swedish Foreign Minister Lars Berg "
              "warned that the quotas remain a source of tension. \u201cThe hard work starts now,\u201d Berg said. "
              "The deal is a dangerous mistake that weakens the fishing towns.", "2025-01-15"),
    "c.txt": ("Sweden signed a fisheries agreement with Norway on January 14, 2025, officials said. The Nordic "
              "ministers met in Oslo, Stockholm, Helsinki, Oslo and Copenhagen last year. Chile and Peru held border "
              "talks in Lima on January 10, 2025.", "2025-01-16"),
    "d.txt": ("Norway sent a team of inspectors to Sweden on February 3, 2025, the first step under the fisheries "
              "agreement.", "2025-02-20"),
}
