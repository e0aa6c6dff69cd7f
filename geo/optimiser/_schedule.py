"""Numba kernels: random numbers, tour schedules and O(1) insertion checks.

Array conventions shared by every kernel (all int64, times in the caller's integer ticks):
``t`` (n, n) travel ticks; ``nd`` (5, n) node rows SVC, OPN, CLS, SCORE, GROUP (GROUP -1: none);
``td`` (m, 4) tour rows START, END, DEPART, RETURN (start/end node, earliest departure, latest
return); ``glim`` (G,) how many nodes of a group one tour may hold. A solution is ``seq`` (m, cap)
node per position and ``ln`` (m,) tour lengths, with derived ``arr``/``st``/``ms`` (m, cap):
arrival, service start and max shift per position, ``endarr`` (m,) arrival at the end node,
``where`` (n,) the tour holding a node or -1, ``gcnt`` (m, G) nodes of each group per tour.
"""

from numba import njit

SVC, OPN, CLS, SCORE, GROUP = 0, 1, 2, 3, 4
START, END, DEPART, RETURN = 0, 1, 2, 3
INF = 1 << 62
UNVISITED = -1
MARKED = -2


@njit(cache=True)
def rand_bits(rng):
    """Next 31 random bits of a 64-bit LCG kept in ``rng[0]`` (high bits only)."""
    x = rng[0] * 6364136223846793005 + 1442695040888963407
    rng[0] = x
    return (x >> 33) & 0x7FFFFFFF


@njit(cache=True)
def rand_int(rng, k):
    """Uniform integer in [0, k)."""
    return rand_bits(rng) % k


@njit(cache=True)
def rand_unit(rng):
    """Uniform float in [0, 1)."""
    return rand_bits(rng) / 2147483648.0


@njit(cache=True)
def schedule(r, t, nd, td, seq, ln, arr, st, ms, endarr):
    """Recompute arrival, start and max shift of tour ``r``; return whether it is feasible."""
    prev = td[r, START]
    time = td[r, DEPART]
    ok = True
    for p in range(ln[r]):
        j = seq[r, p]
        a = time + t[prev, j]
        arr[r, p] = a
        s = a if a > nd[OPN, j] else nd[OPN, j]
        if s > nd[CLS, j]:
            ok = False
        st[r, p] = s
        time = s + nd[SVC, j]
        prev = j
    ea = time + t[prev, td[r, END]]
    endarr[r] = ea
    if ea > td[r, RETURN]:
        ok = False
    slack = td[r, RETURN] - ea
    for p in range(ln[r] - 1, -1, -1):
        c = nd[CLS, seq[r, p]] - st[r, p]
        if slack < c:
            c = slack
        ms[r, p] = c
        slack = c + st[r, p] - arr[r, p]
    return ok


@njit(cache=True)
def departure(r, p, nd, td, seq, st):
    """Node before position ``p`` of tour ``r`` and the tick at which it is left."""
    if p == 0:
        return td[r, START], td[r, DEPART]
    prev = seq[r, p - 1]
    return prev, st[r, p - 1] + nd[SVC, prev]


@njit(cache=True)
def successor(r, p, td, seq, ln, arr, st, ms, endarr):
    """Node at position ``p`` (or the end node), its arrival tick and how late it may arrive."""
    if p == ln[r]:
        return td[r, END], endarr[r], td[r, RETURN] - endarr[r]
    return seq[r, p], arr[r, p], st[r, p] - arr[r, p] + ms[r, p]


@njit(cache=True)
def insert_shift(j, r, p, t, nd, td, seq, ln, arr, st, ms, endarr):
    """Delay that inserting node ``j`` before position ``p`` of tour ``r`` causes, or INF."""
    prev, dep = departure(r, p, nd, td, seq, st)
    a = dep + t[prev, j]
    if a > nd[CLS, j]:
        return INF
    s = a if a > nd[OPN, j] else nd[OPN, j]
    nxt, old, room = successor(r, p, td, seq, ln, arr, st, ms, endarr)
    shift = s + nd[SVC, j] + t[j, nxt] - old
    if shift > room:
        return INF
    return shift


@njit(cache=True)
def group_allows(j, r, nd, glim, gcnt):
    """Whether tour ``r`` still has room for node ``j``'s group."""
    g = nd[GROUP, j]
    return g < 0 or gcnt[r, g] < glim[g]


@njit(cache=True)
def _first_slot(j, r, nd, seq, ln, st, ms):
    """First position of tour ``r`` whose node may start late enough to follow ``j``: latest
    starts (start + max shift) never decrease along a tour, so a binary search skips every
    slot before which ``j`` could not even be served from its opening."""
    need = nd[OPN, j] + nd[SVC, j]
    lo, hi = 0, ln[r]
    while lo < hi:
        mid = (lo + hi) // 2
        if st[r, mid] + ms[r, mid] < need:
            lo = mid + 1
        else:
            hi = mid
    return lo


@njit(cache=True)
def best_insert(j, r, t, nd, td, glim, seq, ln, arr, st, ms, endarr, gcnt):
    """Smallest feasible shift for node ``j`` in tour ``r`` and its position (-1 if none)."""
    if not group_allows(j, r, nd, glim, gcnt):
        return INF, -1
    best = INF
    pos = -1
    for p in range(_first_slot(j, r, nd, seq, ln, st, ms), ln[r] + 1):
        if p > 0 and st[r, p - 1] > nd[CLS, j]:
            break  # service starts only grow along a tour: no later slot opens in time
        s = insert_shift(j, r, p, t, nd, td, seq, ln, arr, st, ms, endarr)
        if s < best:
            best = s
            pos = p
    return best, pos


@njit(cache=True)
def insert_at(j, r, p, t, nd, td, seq, ln, arr, st, ms, endarr, where, gcnt):
    """Insert node ``j`` before position ``p`` of tour ``r`` and refresh the schedule."""
    for q in range(ln[r], p, -1):
        seq[r, q] = seq[r, q - 1]
    seq[r, p] = j
    ln[r] += 1
    where[j] = r
    if nd[GROUP, j] >= 0:
        gcnt[r, nd[GROUP, j]] += 1
    schedule(r, t, nd, td, seq, ln, arr, st, ms, endarr)


@njit(cache=True)
def drop_marked(t, nd, td, seq, ln, arr, st, ms, endarr, where, gcnt):
    """Remove every node whose ``where`` is MARKED; return whether all tours stay feasible."""
    ok = True
    for r in range(ln.shape[0]):
        k = 0
        for p in range(ln[r]):
            j = seq[r, p]
            if where[j] == MARKED:
                where[j] = UNVISITED
                if nd[GROUP, j] >= 0:
                    gcnt[r, nd[GROUP, j]] -= 1
            else:
                seq[r, k] = j
                k += 1
        if k != ln[r]:
            ln[r] = k
            ok = schedule(r, t, nd, td, seq, ln, arr, st, ms, endarr) and ok
    return ok


@njit(cache=True)
def rebuild(t, nd, td, seq, ln, arr, st, ms, endarr, where, gcnt):
    """Derive schedules, ``where`` and group counts from ``seq``/``ln``; return feasibility."""
    where[:] = UNVISITED
    gcnt[:, :] = 0
    ok = True
    for r in range(ln.shape[0]):
        for p in range(ln[r]):
            j = seq[r, p]
            where[j] = r
            if nd[GROUP, j] >= 0:
                gcnt[r, nd[GROUP, j]] += 1
        ok = schedule(r, t, nd, td, seq, ln, arr, st, ms, endarr) and ok
    return ok


@njit(cache=True)
def total_score(nd, seq, ln):
    """Sum of the scores of the visited nodes."""
    s = 0
    for r in range(ln.shape[0]):
        for p in range(ln[r]):
            s += nd[SCORE, seq[r, p]]
    return s


@njit(cache=True)
def total_time(td, endarr):
    """Sum over tours of the time from departure to arrival at the end node (ticks)."""
    s = 0
    for r in range(endarr.shape[0]):
        s += endarr[r] - td[r, DEPART]
    return s

