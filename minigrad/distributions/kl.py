"""KL divergence between two distributions: KL(p || q) = E_p[log p - log q]."""

import math

from .categorical import Categorical
from .normal import Normal

# (type of p, type of q) -> the function computing KL(p || q).
_KL_REGISTRY = {}


def register_kl(type_p, type_q):
    """Decorator: register a function computing KL(p || q) for the two types.

    Example:
        >>> @register_kl(MyDist, MyDist)  # doctest: +SKIP
        ... def kl_my(p, q): ...
    """

    def decorator(fun):
        _KL_REGISTRY[type_p, type_q] = fun
        return fun

    return decorator


def kl_divergence(p, q):
    """KL(p || q), one value per distribution of the batch.

    Known pairs: Normal-Normal and Categorical-Categorical (and any pair
    registered with `register_kl`); others raise NotImplementedError.

    Example:
        >>> from minigrad.distributions import Normal
        >>> kl_divergence(Normal(0.0, 1.0), Normal(1.0, 1.0))
        tensor(0.5000)
    """
    # The most specific registered pair, searching the classes' MROs.
    for type_p in type(p).__mro__:
        for type_q in type(q).__mro__:
            fun = _KL_REGISTRY.get((type_p, type_q))
            if fun is not None:
                return fun(p, q)
    raise NotImplementedError(
        f"No KL(p || q) is implemented for p type {type(p).__name__} and "
        f"q type {type(q).__name__} (minigrad knows Normal-Normal and "
        "Categorical-Categorical; add a pair with register_kl)"
    )


@register_kl(Normal, Normal)
def _kl_normal_normal(p, q):
    var_ratio = (p.scale / q.scale).pow(2)
    t1 = ((p.loc - q.loc) / q.scale).pow(2)
    return 0.5 * (var_ratio + t1 - 1 - var_ratio.log())


@register_kl(Categorical, Categorical)
def _kl_categorical_categorical(p, q):
    t = p.probs * (p.logits - q.logits)
    # Where q gives 0, KL is inf; where p gives 0 the term is 0 (0 log 0 = 0).
    t = t.masked_fill((q.probs == 0).expand_as(t), math.inf)
    t = t.masked_fill((p.probs == 0).expand_as(t), 0.0)
    return t.sum(-1)
