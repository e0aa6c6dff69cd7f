"""Numba kernels: shorten tours by 2-opt and or-opt so that more nodes fit.

A move is first priced by its change of travel ticks, in O(1) also for asymmetric travel
times (2-opt uses prefix sums of the tour's arcs in both directions); only moves that shorten
the tour are simulated, in O(tour length), and kept if every window still holds.
"""

from numba import njit

from geo.optimiser._schedule import CLS, DEPART, END, OPN, RETURN, START, SVC, schedule

MAX_SEGMENT = 3


@njit(cache=True)
def _node(r, p, td, seq, ln):
    """Node at position ``p`` of tour ``r``; -1 is the start node, ``ln[r]`` the end node."""
    if p < 0:
        return td[r, START]
    if p >= ln[r]:
        return td[r, END]
    return seq[r, p]


@njit(cache=True)
def _feasible(r, order, size, t, nd, td):
    """Whether tour ``r`` visiting ``order[:size]`` meets every window and the return tick."""
    time = td[r, DEPART]
    prev = td[r, START]
    for q in range(size):
        j = order[q]
        a = time + t[prev, j]
        if a > nd[CLS, j]:
            return False
        time = (a if a > nd[OPN, j] else nd[OPN, j]) + nd[SVC, j]
        prev = j
    return time + t[prev, td[r, END]] <= td[r, RETURN]


@njit(cache=True)
def _try_two_opt(r, t, nd, td, seq, ln, fwd, bwd, tmp):
    """Apply the first feasible shortening reversal of tour ``r``; return whether one was."""
    n = ln[r]
    for i in range(n - 1):
        a = _node(r, i - 1, td, seq, ln)
        for k in range(i + 1, n):
            b = _node(r, k + 1, td, seq, ln)
            si, sk = seq[r, i], seq[r, k]
            delta = (t[a, sk] + bwd[k] - bwd[i] + t[si, b]) - (t[a, si] + fwd[k] - fwd[i]
                                                                + t[sk, b])
            if delta >= 0:
                continue
            for q in range(n):
                tmp[q] = seq[r, i + k - q] if i <= q <= k else seq[r, q]
            if _feasible(r, tmp, n, t, nd, td):
                seq[r, :n] = tmp[:n]
                return True
    return False


@njit(cache=True)
def _try_or_opt(r, t, td, nd, seq, ln, tmp):
    """Apply the first feasible shortening move of a segment of up to MAX_SEGMENT nodes of
    tour ``r`` to another place in it; return whether one was applied."""
    n = ln[r]
    for size in range(1, MAX_SEGMENT + 1):
        for i in range(n - size + 1):
            e = i + size - 1
            a, b = _node(r, i - 1, td, seq, ln), _node(r, e + 1, td, seq, ln)
            si, se = seq[r, i], seq[r, e]
            gain = t[a, si] + t[se, b] - t[a, b]
            for j in range(n + 1):
                if i <= j <= e + 1:
                    continue
                c, d = _node(r, j - 1, td, seq, ln), _node(r, j, td, seq, ln)
                if t[c, si] + t[se, d] - t[c, d] - gain >= 0:
                    continue
                _moved(r, seq, n, i, e, j, tmp)
                if _feasible(r, tmp, n, t, nd, td):
                    seq[r, :n] = tmp[:n]
                    return True
    return False


@njit(cache=True)
def _moved(r, seq, n, i, e, j, tmp):
    """Write into ``tmp`` tour ``r`` with positions i..e moved before position ``j``."""
    q = 0
    for p in range(n + 1):
        if p == j:
            for s in range(i, e + 1):
                tmp[q] = seq[r, s]
                q += 1
        if p < n and not (i <= p <= e):
            tmp[q] = seq[r, p]
            q += 1


@njit(cache=True)
def shorten(prob, sol, tmp, fwd, bwd):
    """Apply shortening 2-opt and or-opt moves to every tour until none applies (bounded);
    return whether any tour changed."""
    t, nd, td, glim, elig = prob
    seq, ln, arr, st, ms, endarr, where, gcnt = sol
    changed = False
    for r in range(ln.shape[0]):
        for _ in range(50):
            _arc_sums(r, t, seq, ln, fwd, bwd)
            if not (_try_two_opt(r, t, nd, td, seq, ln, fwd, bwd, tmp)
                    or _try_or_opt(r, t, td, nd, seq, ln, tmp)):
                break
            changed = True
            schedule(r, t, nd, td, seq, ln, arr, st, ms, endarr)
    return changed


@njit(cache=True)
def _arc_sums(r, t, seq, ln, fwd, bwd):
    """fwd[p] / bwd[p]: travel along positions 0..p of tour ``r`` forwards / backwards."""
    fwd[0] = 0
    bwd[0] = 0
    for p in range(1, ln[r]):
        fwd[p] = fwd[p - 1] + t[seq[r, p - 1], seq[r, p]]
        bwd[p] = bwd[p - 1] + t[seq[r, p], seq[r, p - 1]]
