"""Numba kernel of the search loop: ruin and recreate under simulated-annealing acceptance.

Each iteration copies the current solution, removes a few nodes (``ruin``), refills the tours
(``improve``) and accepts the result by the Metropolis rule on the score, ties broken by the
total tour time. The caller sets the temperature of each chunk of iterations and restarts from
the best solution between annealing cycles. ``params`` (float64) and ``state`` (int64) are
indexed by the constants below; all the state lives in the arrays, so the same seed and the
same chunks give the same result.
"""

import math

from numba import njit

from geo.optimiser._moves import improve, ruin
from geo.optimiser._schedule import rand_int, rand_unit, rebuild, total_score, total_time

# params
P_ALPHA_LO, P_ALPHA_HI, P_NOISE, P_RUIN_FRAC, P_RUIN_MAX, P_RUIN_SKEW, P_SHORTEN, P_LUCKY = (
    range(8))
# state
S_CUR_SCORE, S_CUR_TIME, S_BEST_SCORE, S_BEST_TIME, S_ITER = range(5)


@njit(cache=True)
def _copy_tours(src_seq, src_ln, dst_seq, dst_ln):
    dst_ln[:] = src_ln
    for r in range(src_ln.shape[0]):
        dst_seq[r, : src_ln[r]] = src_seq[r, : src_ln[r]]


@njit(cache=True)
def start(prob, work, buf, best, state, rng):
    """Build the first solution greedily (score² / shift) into ``work`` and ``best``."""
    t, nd, td, glim, elig = prob
    seq, ln, arr, st, ms, endarr, where, gcnt = work
    ln[:] = 0
    rebuild(t, nd, td, seq, ln, arr, st, ms, endarr, where, gcnt)
    improve(prob, work, buf, 2.0, 0.0, 0.0, True, rng)
    _copy_tours(seq, ln, best[0], best[1])
    state[S_CUR_SCORE] = state[S_BEST_SCORE] = total_score(nd, seq, ln)
    state[S_CUR_TIME] = state[S_BEST_TIME] = total_time(td, endarr)
    state[S_ITER] = 0


@njit(cache=True)
def _accept(score, time, state, temperature, rng):
    if score > state[S_CUR_SCORE]:
        return True
    if score == state[S_CUR_SCORE]:
        return time <= state[S_CUR_TIME]
    return rand_unit(rng) < math.exp((score - state[S_CUR_SCORE]) / temperature)


@njit(cache=True)
def iterate(prob, cur, best, work, buf, params, state, rng, n_iter, temperature):
    """Run ``n_iter`` ruin-and-recreate iterations from ``cur`` at the given temperature (in
    score units); keep the best solution in ``best``."""
    t, nd, td, glim, elig = prob
    seq, ln, arr, st, ms, endarr, where, gcnt = work
    for _ in range(n_iter):
        _copy_tours(cur[0], cur[1], seq, ln)
        rebuild(t, nd, td, seq, ln, arr, st, ms, endarr, where, gcnt)
        k_max = max(2, min(int(params[P_RUIN_FRAC] * ln.sum()) + 1, int(params[P_RUIN_MAX])))
        k = 1 + int(k_max * rand_unit(rng) ** params[P_RUIN_SKEW])
        feasible = ruin(prob, work, rand_int(rng, 3), k, rng)
        if feasible:
            lo, hi = params[P_ALPHA_LO], params[P_ALPHA_HI]
            alpha = lo + (hi - lo) * rand_unit(rng)
            improve(prob, work, buf, alpha, params[P_NOISE], params[P_LUCKY],
                    rand_unit(rng) < params[P_SHORTEN], rng)
            score, time = total_score(nd, seq, ln), total_time(td, endarr)
            if _accept(score, time, state, temperature, rng):
                _copy_tours(seq, ln, cur[0], cur[1])
                state[S_CUR_SCORE], state[S_CUR_TIME] = score, time
            better = score > state[S_BEST_SCORE]
            if better or (score == state[S_BEST_SCORE] and time < state[S_BEST_TIME]):
                _copy_tours(seq, ln, best[0], best[1])
                state[S_BEST_SCORE], state[S_BEST_TIME] = score, time
        state[S_ITER] += 1


@njit(cache=True)
def restart(cur, best, state):
    """Make the best solution the current one."""
    _copy_tours(best[0], best[1], cur[0], cur[1])
    state[S_CUR_SCORE], state[S_CUR_TIME] = state[S_BEST_SCORE], state[S_BEST_TIME]
