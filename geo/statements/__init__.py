"""Reading statements of position: distances and directions (:mod:`.numbers`), shapes of
uncertainty with deterministic samples (:mod:`.shapes`), place extents from the shipped
land (:mod:`.extents`) and regions measured from their coast (:mod:`.regions`). The
parser itself is :func:`geo.location.locate`."""
