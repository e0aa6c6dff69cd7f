"""Numba kernels: greedy insertion, in-place replacement and the ruin (shake) moves.

A problem travels as ``prob = (t, nd, td, glim, elig)`` and a solution as
``sol = (seq, ln, arr, st, ms, endarr, where, gcnt)`` (see ``_schedule`` for the arrays);
``elig`` lists the nodes that may be visited. ``buf = (cand, wgt, bsh, bpo, tmp, fwd, bwd)`` is
scratch space.
"""

from numba import njit

from geo.optimiser._routing import shorten
from geo.optimiser._schedule import (
    CLS,
    GROUP,
    MARKED,
    OPN,
    SCORE,
    SVC,
    UNVISITED,
    best_insert,
    departure,
    drop_marked,
    insert_at,
    rand_int,
    rand_unit,
    schedule,
    successor,
)

REPLACE_ROUNDS = 10


@njit(cache=True)
def _candidates(prob, sol, buf, alpha, noise, rng):
    """Fill the candidate table of ``repair``: unvisited nodes with a feasible slot somewhere."""
    t, nd, td, glim, elig = prob
    seq, ln, arr, st, ms, endarr, where, gcnt = sol
    cand, wgt, bsh, bpo = buf[0], buf[1], buf[2], buf[3]
    k = 0
    for j in elig:
        if where[j] != UNVISITED:
            continue
        feasible = False
        for r in range(ln.shape[0]):
            bsh[k, r], bpo[k, r] = best_insert(j, r, t, nd, td, glim, seq, ln, arr, st, ms,
                                               endarr, gcnt)
            feasible = feasible or bpo[k, r] >= 0
        if feasible:
            cand[k] = j
            wgt[k] = nd[SCORE, j] ** alpha * (1.0 + noise * rand_unit(rng))
            k += 1
    return k


@njit(cache=True)
def repair(prob, sol, buf, alpha, noise, lucky_prob, rng):
    """Insert nodes greedily by (score ** alpha) / shift, randomised by ``noise``, until none
    fits; with probability ``lucky_prob`` a random candidate is inserted first. Only the tour
    that received a node is re-evaluated. Return how many were inserted."""
    t, nd, td, glim, elig = prob
    seq, ln, arr, st, ms, endarr, where, gcnt = sol
    cand, wgt, bsh, bpo = buf[0], buf[1], buf[2], buf[3]
    m = ln.shape[0]
    n_cand = _candidates(prob, sol, buf, alpha, noise, rng)
    inserted = 0
    lucky = n_cand > 0 and rand_unit(rng) < lucky_prob
    while n_cand > 0:
        best_v = -1.0
        bk = -1
        br = -1
        for k in range(n_cand):
            for r in range(m):
                if bpo[k, r] >= 0:
                    v = wgt[k] / (max(bsh[k, r], 0) + 1.0)
                    if v > best_v:
                        best_v, bk, br = v, k, r
        if lucky:  # a random candidate goes first, in its best tour
            bk = rand_int(rng, n_cand)
            br = _best_tour(bsh, bpo, bk, m)
            lucky = False
        if bk < 0:
            break
        insert_at(cand[bk], br, bpo[bk, br], t, nd, td, seq, ln, arr, st, ms, endarr, where,
                  gcnt)
        inserted += 1
        n_cand -= 1
        cand[bk], wgt[bk] = cand[n_cand], wgt[n_cand]
        bsh[bk, :], bpo[bk, :] = bsh[n_cand, :], bpo[n_cand, :]
        n_cand = _refresh(prob, sol, buf, n_cand, br)
    return inserted


@njit(cache=True)
def _best_tour(bsh, bpo, k, m):
    """Tour with the smallest feasible shift for candidate row ``k``."""
    best, br = 1 << 62, -1
    for r in range(m):
        if bpo[k, r] >= 0 and bsh[k, r] < best:
            best, br = bsh[k, r], r
    return br


@njit(cache=True)
def _refresh(prob, sol, buf, n_cand, r):
    """Re-evaluate tour ``r`` for the candidates that fitted it (with travel times that obey
    the triangle inequality a fuller tour opens no new slot; otherwise this is a heuristic
    shortcut) and drop candidates that fit nowhere; return the new count."""
    t, nd, td, glim, elig = prob
    seq, ln, arr, st, ms, endarr, where, gcnt = sol
    cand, wgt, bsh, bpo = buf[0], buf[1], buf[2], buf[3]
    k = 0
    while k < n_cand:
        if bpo[k, r] >= 0:
            bsh[k, r], bpo[k, r] = best_insert(cand[k], r, t, nd, td, glim, seq, ln, arr, st, ms,
                                               endarr, gcnt)
        if bpo[k, :].max() < 0:
            n_cand -= 1
            cand[k], wgt[k] = cand[n_cand], wgt[n_cand]
            bsh[k, :], bpo[k, :] = bsh[n_cand, :], bpo[n_cand, :]
        else:
            k += 1
    return n_cand


@njit(cache=True)
def _best_replacement(prob, sol, r, p):
    """Best unvisited node to put in place of position ``p`` of tour ``r``: more score, or the
    same score and an earlier arrival at the next node. Return the node or -1."""
    t, nd, td, glim, elig = prob
    seq, ln, arr, st, ms, endarr, where, gcnt = sol
    i = seq[r, p]
    prev, dep = departure(r, p, nd, td, seq, st)
    nxt, old, room = successor(r, p + 1, td, seq, ln, arr, st, ms, endarr)
    best_j, best_gain, best_delta = -1, 0, 0
    for j in elig:
        if where[j] != UNVISITED:
            continue
        gain = nd[SCORE, j] - nd[SCORE, i]
        if gain < best_gain:
            continue
        g = nd[GROUP, j]
        if g >= 0 and g != nd[GROUP, i] and gcnt[r, g] >= glim[g]:
            continue
        a = dep + t[prev, j]
        if a > nd[CLS, j]:
            continue
        delta = max(a, nd[OPN, j]) + nd[SVC, j] + t[j, nxt] - old
        if delta > room:
            continue
        if gain > best_gain or delta < best_delta:
            best_j, best_gain, best_delta = j, gain, delta
    return best_j


@njit(cache=True)
def replace_pass(prob, sol):
    """Swap visited nodes for better unvisited ones in place; return whether anything changed."""
    t, nd, td, glim, elig = prob
    seq, ln, arr, st, ms, endarr, where, gcnt = sol
    changed = False
    for r in range(ln.shape[0]):
        for p in range(ln[r]):
            j = _best_replacement(prob, sol, r, p)
            if j < 0:
                continue
            i = seq[r, p]
            where[i] = UNVISITED
            if nd[GROUP, i] >= 0:
                gcnt[r, nd[GROUP, i]] -= 1
            seq[r, p] = j
            where[j] = r
            if nd[GROUP, j] >= 0:
                gcnt[r, nd[GROUP, j]] += 1
            schedule(r, t, nd, td, seq, ln, arr, st, ms, endarr)
            changed = True
    return changed


@njit(cache=True)
def improve(prob, sol, buf, alpha, noise, lucky_prob, routing, rng):
    """Fill the tours by insertion; then, while it pays, swap in better nodes, shorten the
    tours by 2-opt / or-opt if ``routing`` and insert again."""
    repair(prob, sol, buf, alpha, noise, lucky_prob, rng)
    for _ in range(REPLACE_ROUNDS):
        replaced = replace_pass(prob, sol)
        shortened = routing and shorten(prob, sol, buf[4], buf[5], buf[6])
        if not (replaced or shortened):
            break
        if repair(prob, sol, buf, alpha, noise, lucky_prob, rng) == 0 and not replaced:
            break


@njit(cache=True)
def _mark_related(prob, sol, k, rng):
    """Mark a random visited node and the ``k - 1`` visited nodes closest to it."""
    t = prob[0]
    seq, ln = sol[0], sol[1]
    where = sol[6]
    r = rand_int(rng, ln.shape[0])
    while ln[r] == 0:
        r = rand_int(rng, ln.shape[0])
    seed = seq[r, rand_int(rng, ln[r])]
    where[seed] = MARKED
    for _ in range(k - 1):
        best, bd = -1, 1 << 62
        for q in range(ln.shape[0]):
            for p in range(ln[q]):
                j = seq[q, p]
                if where[j] != MARKED and t[seed, j] + t[j, seed] < bd:
                    best, bd = j, t[seed, j] + t[j, seed]
        if best < 0:
            break
        where[best] = MARKED


@njit(cache=True)
def ruin(prob, sol, mode, k, rng):
    """Remove nodes: mode 0 a random segment of up to ``k`` nodes in every tour, mode 1 ``k``
    random nodes, mode 2 ``k`` nodes close to each other. Return whether tours stay feasible."""
    t, nd, td, glim, elig = prob
    seq, ln, arr, st, ms, endarr, where, gcnt = sol
    visited = ln.sum()
    if visited == 0:
        return True
    if mode == 0:
        for r in range(ln.shape[0]):
            if ln[r] > 0:
                size = 1 + rand_int(rng, min(ln[r], k))
                first = rand_int(rng, ln[r] - size + 1)
                for p in range(first, first + size):
                    where[seq[r, p]] = MARKED
    elif mode == 1:
        for _ in range(k):
            idx = rand_int(rng, visited)
            r = 0
            while idx >= ln[r]:
                idx -= ln[r]
                r += 1
            where[seq[r, idx]] = MARKED
    else:
        _mark_related(prob, sol, k, rng)
    return drop_marked(t, nd, td, seq, ln, arr, st, ms, endarr, where, gcnt)
