"""Where a teacher left off and jumped to in a video, read from the server's record of unique
watched seconds (progress.ViewingRecord.watched_intervals), never from a player's claims.
Pure functions of plain values (no ORM), tested as functions.

The one rule. The server keeps a head for each teacher and video: the end of the stretch of
watched seconds (an interval of the record) that last grew. Each time the record grows, each
stretch that grew either continues from the head (its new seconds begin within
TOLERANCE_SECONDS of it) or shows a jump: the teacher stopped at the head (`paused`) and went
to where the new seconds begin (`seeked`, head → that second). Either way the head moves to
that stretch's end. When one report grows several stretches, the one continuing from the head
goes first, then the others in video order (the record does not say in which order they were
played). The first seconds a teacher ever has are no jump: nothing came before them.

So only what the progress service accepted counts: a forged or refused report adds no seconds
and shows nothing; a claimed `position` is not read. What the record cannot show is not sent:
rewatching seconds already held, a pause resumed where it stopped, and a viewing that just
ends (it is seen if the teacher later carries on somewhere else).
"""

from dataclasses import dataclass

from pdsite.progress import intervals

# Players report played ranges with small gaps (a frame, a rounding of currentTime): a stretch
# that begins this close to the head continues it.
TOLERANCE_SECONDS = 1.0


@dataclass(frozen=True)
class Jump:
    time_from: float  # the head: where the stretch that stopped growing ends
    time_to: float  # where the next new seconds begin
    watched: list[intervals.Interval]  # the record as it stood at the jump (before those seconds)


def jumps(
    *, before: list, head: float | None, after: list, tolerance: float = TOLERANCE_SECONDS
) -> tuple[list[Jump], float | None]:
    """The jumps that took the record from `before` to `after` (see the module docstring), and
    the head afterwards. `head` None: no head yet (the teacher's first seconds). Nothing new in
    `after`: no jumps, the head unchanged."""
    seen = intervals.normalise(before)
    new = intervals.subtract(intervals.normalise(after), seen)

    def continues(grown: list[intervals.Interval]) -> bool:
        return head is None or abs(grown[0][0] - head) <= tolerance

    stretches = []
    for stretch in intervals.normalise(after):
        grown = [piece for piece in new if stretch[0] <= piece[0] and piece[1] <= stretch[1]]
        if grown:
            stretches.append((stretch, grown))
    # The continuing one first (its new seconds came first), then video order.
    stretches.sort(key=lambda item: (not continues(item[1]), item[0][0]))
    found = []
    for (_start, end), grown in stretches:
        if not continues(grown):
            found.append(Jump(time_from=head, time_to=grown[0][0], watched=seen))
        seen = intervals.normalise([*seen, *grown])
        head = end
    return found, head
